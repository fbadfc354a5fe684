import "server-only";
import type Stripe from "stripe";
import { causedByEvent, writeAudit, type AuditAction } from "@/lib/audit/billing-audit";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { syncInvoice } from "@/lib/billing/sync/invoice";
import { invoiceOfPaymentIntent } from "@/lib/billing/sync/invoice-of-payment";
import { idOf } from "@/lib/stripe/objects";
import { onceInBatch } from "@/lib/billing/sync/sync-batch";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { objectId, type Handler, type Handlers } from "./handler";
import { settleTopUpEvent } from "./payment-intents";

/** An invoice's dispute is the operators' to follow: one audit entry per dispute and status. */
async function recordInvoiceDispute(dispute: Stripe.Dispute, charge: Stripe.Charge, invoiceId: string, eventId: string): Promise<void> {
  const customerId = idOf(charge.customer);
  const org = customerId ? await findOrgForCustomer(customerId) : null;
  if (!org) return;
  const action: AuditAction = `invoice.dispute_${dispute.status}`;
  const seen = await db.billingAuditEntry.count({ where: { orgId: org.id, action, after: { path: ["dispute"], equals: dispute.id } } });
  if (seen > 0) return;
  await db.$transaction((tx) =>
    writeAudit(tx, {
      orgId: org.id,
      kind: dispute.status === "lost" || dispute.status === "needs_response" ? "mismatch" : "change",
      action,
      cause: causedByEvent(eventId),
      after: {
        dispute: dispute.id,
        invoice: invoiceId,
        charge: charge.id,
        amount: dispute.amount,
        currency: dispute.currency,
        reason: dispute.reason,
        status: dispute.status,
      },
    }),
  );
}

/** charge.dispute.*: re-read the dispute and its charge; a top-up's credits follow the dispute, an invoice's dispute is audited. */
const disputeChanged: Handler = (event) => {
  const disputeId = objectId(event);
  return onceInBatch(`dispute:${disputeId}`, () => followDispute(disputeId, event.id));
};

async function followDispute(disputeId: string, eventId: string): Promise<void> {
  const stripe = requireStripe();
  const dispute = await stripe.disputes.retrieve(disputeId);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return;
  const charge = await stripe.charges.retrieve(chargeId, { expand: ["payment_intent"] });
  const intent = charge.payment_intent as Stripe.PaymentIntent | null;
  const invoiceId = await invoiceOfPaymentIntent(intent?.id ?? null);
  if (invoiceId) {
    await syncInvoice(invoiceId);
    await recordInvoiceDispute(dispute, charge, invoiceId, eventId);
  }
  if (intent) await settleTopUpEvent(intent, causedByEvent(eventId));
}

export const disputeHandlers = {
  "charge.dispute.created": disputeChanged,
  "charge.dispute.updated": disputeChanged,
  "charge.dispute.closed": disputeChanged,
  "charge.dispute.funds_withdrawn": disputeChanged,
  "charge.dispute.funds_reinstated": disputeChanged,
} satisfies Handlers;
