import "server-only";
import { errorResponse } from "@/lib/errors";
import { ingestStripeWebhook } from "./ingest";

export const STRIPE_WEBHOOK_PATH = "/api/webhooks/stripe";

/**
 * Stripe's webhook from the raw body to its answer: verify, store (the worker takes it from there), acknowledge.
 * Faults answer as every API route does (`{ error }` with its status). The web process's edge answers through it
 * (serveStripeWebhook), and the route handler does under `next dev`.
 */
export async function acknowledgeStripeWebhook(readBody: () => Promise<string>, signature: string | null): Promise<Response> {
  try {
    const result = await ingestStripeWebhook(await readBody(), signature);
    return Response.json({ received: true, duplicate: result.duplicate });
  } catch (err) {
    return errorResponse(err);
  }
}
