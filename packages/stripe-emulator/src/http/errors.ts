type ErrorBody = {
  type: string;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  [key: string]: unknown;
};

/** An error answered in Stripe's shape `{ error: { type, code, message, param } }` with Stripe's status. */
export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

const docUrl = (code?: string) => (code ? `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` : undefined);

export function invalidRequest(message: string, opts: { param?: string; code?: string; status?: number } = {}): StripeError {
  return new StripeError(opts.status ?? 400, {
    type: "invalid_request_error",
    message,
    code: opts.code,
    param: opts.param,
    doc_url: docUrl(opts.code),
  });
}

export const parameterUnknown = (param: string) =>
  invalidRequest(`Received unknown parameter: ${param}`, { param, code: "parameter_unknown" });

export const parameterMissing = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, { param, code: "parameter_missing" });

export const resourceMissing = (kind: string, id: string, param = "id") =>
  invalidRequest(`No such ${kind}: '${id}'`, { param, code: "resource_missing", status: 404 });

export const wrongState = (message: string, code = "resource_state_invalid") => invalidRequest(message, { code });

export function cardError(code: string, message: string, extra: Record<string, unknown> = {}): StripeError {
  return new StripeError(402, { type: "card_error", code, message, doc_url: docUrl(code), ...extra });
}

export function authenticationError(message: string): StripeError {
  return new StripeError(401, { type: "invalid_request_error", message });
}

/**
 * An error answered only after the request's writes are kept: a declined
 * payment ran, so its failed charge and the intent's new status stay.
 */
export class CommittedError extends StripeError {}
