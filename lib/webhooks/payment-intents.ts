import "server-only";
import type { SyncOptions } from "@/lib/billing/sync/subscription";
import { requireStripe } from "@/lib/stripe/client";

/** PaymentIntents that pay invoices are followed through their invoice events; only top-ups are ours to act on. */
export const TOPUP_KIND = "credit_topup";

/**
 * Routing for payment intent and refund events: re-reads the intent and picks out
 * credit top-ups. Crediting and refund reversal land with the credit ledger (issue 7).
 */
export async function handlePaymentIntentEvent(intentId: string, _eventType: string, _options: SyncOptions): Promise<"topup" | "other"> {
  const intent = await requireStripe().paymentIntents.retrieve(intentId);
  return intent.metadata?.kind === TOPUP_KIND ? "topup" : "other";
}
