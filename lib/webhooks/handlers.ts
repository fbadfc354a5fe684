import "server-only";
import type Stripe from "stripe";
import { causedByEvent, writeAudit } from "@/lib/audit/billing-audit";
import { syncInvoice } from "@/lib/billing/sync/invoice";
import { invoiceOfPaymentIntent } from "@/lib/billing/sync/invoice-of-payment";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { linkCustomerToOrg } from "@/lib/customers/link-customer";
import { idOf, subscriptionOfInvoice } from "@/lib/stripe/objects";
import { syncSubscription, type SyncOptions } from "@/lib/billing/sync/subscription";
import { onceInBatch } from "@/lib/billing/sync/sync-batch";
import { recordTrialEndingEmail } from "@/lib/billing-emails/subscription-emails";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { isHandled, type HandledEventType } from "./handled-types";
import { handleDisputeEvent } from "./disputes";
import { settleTopUpEvent } from "./payment-intents";

type Handler = (event: Stripe.Event, options: SyncOptions) => Promise<void>;

const objectId = (event: Stripe.Event) => (event.data.object as { id: string }).id;

const subscriptionEvent: Handler = (event, options) => syncSubscription(objectId(event), options);

const invoiceEvent: Handler = async (event, options) => {
  const invoice = await syncInvoice(objectId(event));
  const subscriptionId = invoice && subscriptionOfInvoice(invoice);
  if (subscriptionId) await syncSubscription(subscriptionId, options);
};

const checkoutCompleted: Handler = (event, options) =>
  onceInBatch(`checkout:${objectId(event)}`, async () => {
    const session = await requireStripe().checkout.sessions.retrieve(objectId(event));
    const subscriptionId = idOf(session.subscription as string | { id: string } | null);
    if (subscriptionId) await syncSubscription(subscriptionId, options);
  });

const trialWillEnd: Handler = async (event, options) => {
  await syncSubscription(objectId(event), options);
  const sub = event.data.object as Stripe.Subscription;
  const org = await findOrgForCustomer(idOf(sub.customer)!);
  if (!org) return;
  await db.$transaction(async (tx) => {
    await writeAudit(tx, {
      orgId: org.id,
      action: "trial.will_end",
      cause: options.cause,
      after: { subscription: sub.id, trialEnd: sub.trial_end },
    });
    const saved = await tx.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
    if (saved) await recordTrialEndingEmail(tx, org.id, saved);
  });
};

/** Refunds re-read the charge: an invoice's charge refreshes that invoice, a top-up's takes back credits. */
const chargeEvent: Handler = async (event) => {
  const object = event.data.object as { object: string; id: string; charge?: string | { id: string } };
  const chargeId = object.object === "charge" ? object.id : idOf(object.charge ?? null);
  if (!chargeId) return;
  await onceInBatch(`charge:${chargeId}`, async () => {
    const charge = await requireStripe().charges.retrieve(chargeId, { expand: ["payment_intent"] });
    const intent = charge.payment_intent as Stripe.PaymentIntent | null;
    const invoiceId = await invoiceOfPaymentIntent(intent?.id ?? null);
    if (invoiceId) await syncInvoice(invoiceId);
    if (intent) await settleTopUpEvent(intent, options(event).cause);
  });
};

// The snapshot's metadata is only a hint for reporting; the settlement re-reads the intent.
const paymentIntentEvent: Handler = (event, options) => settleTopUpEvent(event.data.object as Stripe.PaymentIntent, options.cause);

const options = (event: Stripe.Event): SyncOptions => ({ cause: causedByEvent(event.id), eventAt: new Date(event.created * 1000) });

export const HANDLERS: Record<HandledEventType, Handler> = {
  "checkout.session.completed": checkoutCompleted,
  "customer.created": (event, options) => linkCustomerToOrg(objectId(event), options.cause),
  "customer.subscription.created": subscriptionEvent,
  "customer.subscription.updated": subscriptionEvent,
  "customer.subscription.deleted": subscriptionEvent,
  "customer.subscription.paused": subscriptionEvent,
  "customer.subscription.resumed": subscriptionEvent,
  "customer.subscription.trial_will_end": trialWillEnd,
  "invoice.created": invoiceEvent,
  "invoice.updated": invoiceEvent,
  "invoice.finalized": invoiceEvent,
  "invoice.paid": invoiceEvent,
  "invoice.payment_succeeded": invoiceEvent,
  "invoice.payment_failed": invoiceEvent,
  "invoice.voided": invoiceEvent,
  "invoice.marked_uncollectible": invoiceEvent,
  "charge.refunded": chargeEvent,
  "charge.refund.updated": chargeEvent,
  "charge.dispute.created": handleDisputeEvent,
  "charge.dispute.updated": handleDisputeEvent,
  "charge.dispute.closed": handleDisputeEvent,
  "charge.dispute.funds_withdrawn": handleDisputeEvent,
  "charge.dispute.funds_reinstated": handleDisputeEvent,
  "payment_intent.succeeded": paymentIntentEvent,
  "payment_intent.payment_failed": paymentIntentEvent,
};

/** Handles one event by type; unknown types are stored and acknowledged but need no work. */
export async function handleStripeEvent(event: Stripe.Event): Promise<void> {
  if (isHandled(event.type)) await HANDLERS[event.type](event, options(event));
}
