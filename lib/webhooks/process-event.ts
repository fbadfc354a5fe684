import "server-only";
import type Stripe from "stripe";
import { causedByEvent, writeAudit } from "@/lib/audit/billing-audit";
import { withCustomerLock } from "@/lib/billing/customer-lock";
import { db } from "@/lib/db";
import { handleStripeEvent } from "./handlers";
import { withRequestLog } from "@/lib/log";

export type Attempt = { number: number; maxAttempts: number };

/**
 * Processes one stored event (the queue's task). A processed event is never handled again;
 * a failure is recorded on the event and rethrown so the queue retries it with backoff,
 * and the last failure leaves the event `failed` with an audit entry for operators.
 */
export function processStoredEvent(eventId: string, attempt: Attempt): Promise<void> {
  // The event's id is its request id in the worker's logs.
  return withRequestLog(eventId, { attempt: attempt.number }, () => processInScope(eventId, attempt));
}

async function processInScope(eventId: string, attempt: Attempt): Promise<void> {
  const stored = await db.stripeEvent.findUnique({ where: { id: eventId } });
  // A processed event is done; one without its payload was processed long ago and pruned.
  if (!stored || stored.status === "processed" || stored.payload === null) return;
  try {
    await withCustomerLock(stored.customerId, () => handleStripeEvent(stored.payload as unknown as Stripe.Event));
    await db.stripeEvent.update({
      where: { id: eventId },
      data: { status: "processed", processedAt: new Date(), attempts: attempt.number, lastError: null },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = attempt.number >= attempt.maxAttempts;
    await db.$transaction(async (tx) => {
      await tx.stripeEvent.update({
        where: { id: eventId },
        data: { status: last ? "failed" : "pending", attempts: attempt.number, lastError: message.slice(0, 2000) },
      });
      if (!last) return;
      const org = stored.customerId
        ? await tx.organization.findUnique({ where: { stripeCustomerId: stored.customerId }, select: { id: true } })
        : null;
      await writeAudit(tx, {
        orgId: org?.id ?? null,
        kind: "failure",
        action: "webhook.failed",
        cause: causedByEvent(eventId),
        after: { type: stored.type, attempts: attempt.number, error: message.slice(0, 500) },
        note: `Processing ${stored.type} failed ${attempt.number} times; the event is kept and a redelivery from Stripe queues it again.`,
      });
    });
    throw err;
  }
}
