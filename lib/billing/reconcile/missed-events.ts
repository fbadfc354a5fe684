import "server-only";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { requireStripe } from "@/lib/stripe/client";
import { storeStripeEvent } from "@/lib/webhooks/ingest";
import { processStoredEvent } from "@/lib/webhooks/process-event";

/**
 * Events Stripe could not deliver to an endpoint (still retrying, or given up after about three days), created
 * since `since`: stored and processed exactly as if the webhook had brought them, oldest first. Events Tollgate
 * already has are left as they are. Returns how many were new.
 */
export async function replayMissedEvents(since: Date): Promise<number> {
  const missed: Stripe.Event[] = [];
  for await (const event of requireStripe().events.list({
    delivery_success: false,
    created: { gte: Math.floor(since.getTime() / 1000) },
    limit: 100,
  })) {
    missed.push(event);
  }
  let stored = 0;
  for (const event of missed.reverse()) {
    const result = await storeStripeEvent(event, JSON.stringify(event));
    if (result.duplicate) continue;
    stored++;
    // A failure leaves it pending: the worker retries it as it would a webhook's event.
    await processStoredEvent(event.id, { number: 1, maxAttempts: env().WEBHOOK_MAX_ATTEMPTS }).catch(() => undefined);
  }
  return stored;
}
