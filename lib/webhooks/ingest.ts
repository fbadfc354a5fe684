import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { customerOfEvent } from "./event-customer";
import { insertEventRow } from "./event-inserts";
import { isHandled } from "./handlers";
import { verifyStripeSignature } from "./verify-signature";

export type IngestResult = { eventId: string; duplicate: boolean; requeued: boolean };

/**
 * Verifies a webhook delivery and stores the event: one INSERT (shared with the deliveries arriving at the same
 * moment, see insertEventRow), so the acknowledgement is as fast as a durable write can be. The stored row is the work item: the worker moves
 * pending events onto the job queue (see enqueue-pending). A redelivery of a stored event
 * changes nothing, unless that event had exhausted its retries: then it is pending again.
 */
export async function ingestStripeWebhook(rawBody: string, signature: string | null, nowMs = Date.now()): Promise<IngestResult> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError("payment_system_not_configured", "Webhooks are not configured on this server.");
  const event = verifyStripeSignature(rawBody, signature, secret, nowMs);
  return storeStripeEvent(event, rawBody);
}

/**
 * Stores an event as the work item the worker processes (pending when Tollgate handles its type), once:
 * the webhook route calls it with the signed body, a reconcile with an event it listed from Stripe.
 */
export async function storeStripeEvent(event: Stripe.Event, payload: string): Promise<IngestResult> {
  const stored = await insertEventRow({
    id: event.id,
    type: event.type,
    stripeCreatedAt: new Date(event.created * 1000),
    livemode: event.livemode,
    customerId: customerOfEvent(event),
    payload,
    handled: isHandled(event.type),
  });
  if (stored) return { eventId: event.id, duplicate: false, requeued: false };
  const retried = await db.stripeEvent.updateMany({
    where: { id: event.id, status: "failed" },
    data: { status: "pending", attempts: 0, lastError: null },
  });
  return { eventId: event.id, duplicate: true, requeued: retried.count === 1 };
}
