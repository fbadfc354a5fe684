import "server-only";
import { syncInvoice } from "@/lib/billing/sync/invoice";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { subscriptionOfInvoice } from "@/lib/stripe/objects";
import { objectId, type Handler, type Handlers } from "./handler";

/** Any invoice event re-reads the invoice, then the subscription it bills. */
const invoiceChanged: Handler = async (event, options) => {
  const invoice = await syncInvoice(objectId(event));
  const subscriptionId = invoice && subscriptionOfInvoice(invoice);
  if (subscriptionId) await syncSubscription(subscriptionId, options);
};

export const invoiceHandlers = {
  "invoice.created": invoiceChanged,
  "invoice.updated": invoiceChanged,
  "invoice.finalized": invoiceChanged,
  "invoice.paid": invoiceChanged,
  "invoice.payment_succeeded": invoiceChanged,
  "invoice.payment_failed": invoiceChanged,
  "invoice.voided": invoiceChanged,
  "invoice.marked_uncollectible": invoiceChanged,
} satisfies Handlers;
