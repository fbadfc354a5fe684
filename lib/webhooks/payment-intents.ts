import "server-only";
import type Stripe from "stripe";
import type { SyncOptions } from "@/lib/billing/sync/subscription";
import { creditSucceededTopUp, reverseRefundedTopUp } from "@/lib/credits/topup-events";
import { requireStripe } from "@/lib/stripe/client";

/** PaymentIntents that pay invoices are followed through their invoice events; only top-ups are ours to act on. */
export const TOPUP_KIND = "credit_topup";

/** payment_intent.succeeded credits a top-up once; payment_failed adds nothing (the intent is re-read either way). */
export async function handlePaymentIntentEvent(intentId: string): Promise<void> {
  const intent = await requireStripe().paymentIntents.retrieve(intentId);
  if (intent.metadata?.kind === TOPUP_KIND && intent.status === "succeeded") await creditSucceededTopUp(intent);
}

/** A refunded top-up charge takes back the refunded share of its credits. */
export async function handleTopUpRefund(charge: Stripe.Charge, options: SyncOptions): Promise<void> {
  const intent = charge.payment_intent as Stripe.PaymentIntent | null;
  if (intent?.metadata?.kind === TOPUP_KIND) await reverseRefundedTopUp(intent, charge, options.cause);
}
