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
  const stored: string[] = [];
  for (const event of missed.reverse()) {
    if (!(await storeStripeEvent(event, JSON.stringify(event))).duplicate) stored.push(event.id);
  }
  // Stored first, processed after: a customer's missed events are then handled together, one read per object.
  for (const eventId of stored) {
    // A failure leaves it pending: the worker retries it as it would a webhook's event.
    await processStoredEvent(eventId, { number: 1, maxAttempts: env().WEBHOOK_MAX_ATTEMPTS }).catch(() => undefined);
  }
  return stored.length;
}
