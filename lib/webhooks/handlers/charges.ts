import "server-only";
import type Stripe from "stripe";
import { syncInvoice } from "@/lib/billing/sync/invoice";
import { invoiceOfPaymentIntent } from "@/lib/billing/sync/invoice-of-payment";
import { onceInBatch } from "@/lib/billing/sync/sync-batch";
import { requireStripe } from "@/lib/stripe/client";
import { idOf } from "@/lib/stripe/objects";
import type { Handler, Handlers } from "./handler";
import { settleTopUpEvent } from "./payment-intents";

/** Refunds re-read the charge: an invoice's charge refreshes that invoice, a top-up's takes back credits. */
const refundChanged: Handler = async (event, options) => {
  const object = event.data.object as { object: string; id: string; charge?: string | { id: string } };
  const chargeId = object.object === "charge" ? object.id : idOf(object.charge ?? null);
  if (!chargeId) return;
  await onceInBatch(`charge:${chargeId}`, async () => {
    const charge = await requireStripe().charges.retrieve(chargeId, { expand: ["payment_intent"] });
    const intent = charge.payment_intent as Stripe.PaymentIntent | null;
    const invoiceId = await invoiceOfPaymentIntent(intent?.id ?? null);
    if (invoiceId) await syncInvoice(invoiceId);
    if (intent) await settleTopUpEvent(intent, options.cause);
  });
};

export const chargeHandlers = {
  "charge.refunded": refundChanged,
  "charge.refund.updated": refundChanged,
} satisfies Handlers;
