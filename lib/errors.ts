import { ZodError } from "zod";
import { isNulByteRefusal } from "@/lib/db-errors";
import { log } from "@/lib/log";

const STATUS_BY_CODE = {
  bad_request: 400,
  validation_failed: 400,
  invalid_token: 400,
  license_invalid: 400,
  invalid_signature: 400,
  invalid_redirect: 400,
  price_not_configured: 400,
  no_active_subscription: 400,
  subscription_not_cancelled: 400,
  card_declined: 402,
  account_restricted: 402,
  seat_payment_pending: 402,
  unauthenticated: 401,
  forbidden: 403,
  forbidden_origin: 403,
  email_unverified: 403,
  subscription_required: 403,
  not_found: 404,
  plan_not_found: 404,
  addon_not_found: 404,
  pack_not_found: 404,
  conflict: 409,
  email_taken: 409,
  slug_taken: 409,
  already_member: 409,
  last_owner: 409,
  already_subscribed: 409,
  over_limits: 409,
  domain_taken: 409,
  quote_expired: 409,
  overage_mode_not_offered: 409,
  rate_limited: 429,
  payload_too_large: 413,
  length_required: 411,
  unsupported_media_type: 415,
  limit_reached: 402,
  spend_cap_reached: 402,
  internal: 500,
  payment_system_error: 502,
  payment_system_not_configured: 503,
  payment_system_unavailable: 503,
  license_signing_not_configured: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

/** The one error type of the app: a stable code, a message fit for users, and optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Response headers the refusal needs (Retry-After on 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export type ErrorBody = { error: { code: string; message: string; [key: string]: unknown } };

export function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Maps anything thrown to a status and the `{ error: { code, message } }` body; unknown errors say nothing inside. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...err.details } } };
  }
  if (err instanceof ZodError) {
    return {
      status: 400,
      body: { error: { code: "validation_failed", message: "Some fields are invalid.", fields: fieldErrors(err) } },
    };
  }
  if (isNulByteRefusal(err)) {
    log().warn("refused: the request carried a NUL byte");
    return { status: 400, body: { error: { code: "bad_request", message: "The request contains a NUL byte." } } };
  }
  log().error({ err }, "unexpected error");
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side." } } };
}

export function errorResponse(err: unknown): Response {
  const { status, body } = toErrorBody(err);
  return Response.json(body, { status, headers: err instanceof AppError ? err.headers : undefined });
}
