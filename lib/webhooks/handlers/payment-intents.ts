import "server-only";
import type { AuditCause } from "@/lib/audit/billing-audit";
import { onceInBatch } from "@/lib/billing/sync/sync-batch";
import { settleTopUp } from "@/lib/credits/settle-top-up";
import { TOPUP_KIND } from "@/lib/credits/topup-target";
import type Stripe from "stripe";
import type { Handler, Handlers } from "./handler";

/**
 * Any event about a top-up's intent, charge, refund or dispute settles it: its credits are brought to
 * what the current state says, whichever event came first. `claimsTopUp` (the intent's metadata) only
 * decides whether an intent Tollgate has no record of is worth reporting.
 */
export function settleTopUpEvent(intent: { id: string; metadata?: { kind?: string } | null }, cause: AuditCause): Promise<void> {
  return onceInBatch(`top-up:${intent.id}`, () => settleTopUp(intent.id, cause, { claimsTopUp: intent.metadata?.kind === TOPUP_KIND }));
}

// The snapshot's metadata is only a hint for reporting; the settlement re-reads the intent.
const intentChanged: Handler = (event, options) => settleTopUpEvent(event.data.object as Stripe.PaymentIntent, options.cause);

export const paymentIntentHandlers = {
  "payment_intent.succeeded": intentChanged,
  "payment_intent.payment_failed": intentChanged,
} satisfies Handlers;
