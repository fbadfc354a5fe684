import "server-only";
import { AppError, toErrorBody } from "@/lib/errors";
import { ingestStripeWebhook } from "./ingest";

export const STRIPE_WEBHOOK_PATH = "/api/webhooks/stripe";

/**
 * The answer to a delivery as plain data: the web process's edge writes it to Node's response as it is, and the route
 * handler makes a Response of it (a web Response read back as text cost the edge as much as verifying the signature).
 */
export type WebhookAnswer = { status: number; body: unknown; headers: Record<string, string> };

/**
 * Stripe's webhook from the raw body to its answer: verify, store (the worker takes it from there), acknowledge.
 * Faults answer as every API route does (`{ error }` with its status). The web process's edge answers through it
 * (serveStripeWebhook), and the route handler does under `next dev`.
 */
export async function acknowledgeStripeWebhook(readBody: () => Promise<string>, signature: string | null): Promise<WebhookAnswer> {
  try {
    const result = await ingestStripeWebhook(await readBody(), signature);
    return { status: 200, body: { received: true, duplicate: result.duplicate }, headers: {} };
  } catch (err) {
    const { status, body } = toErrorBody(err);
    return { status, body, headers: err instanceof AppError ? err.headers : {} };
  }
}
