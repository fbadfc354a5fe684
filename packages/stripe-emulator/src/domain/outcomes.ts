import type { Outcomes } from "../http/router";
import type { Stored } from "../store/store";
import { linkId, markInvoicePaid, type Invoice, type InvoicePaymentLink } from "./invoice-lifecycle";
import { setStatus, type Subscription } from "./subscription-lifecycle";
import { nowFor } from "./time";
import { applyPendingUpdate } from "./pending-updates";

/**
 * What a payment or a paid invoice settles elsewhere. Payment intents know nothing of invoices, nor invoices of
 * subscriptions; this module knows all three and is handed to every request's context by the server.
 */
export const outcomes: Outcomes = {
  // When the customer pays an invoice's intent themselves (Stripe.js, hosted page), the invoice is paid.
  intentSucceeded(ctx, intent: Stored) {
    const link = ctx.tx.get<InvoicePaymentLink>(linkId(intent.id));
    if (!link) return;
    const invoice = ctx.tx.get<Invoice>(link.invoice);
    if (invoice && invoice.status === "open") markInvoicePaid(ctx, invoice, nowFor(ctx.tx, invoice.customer as string, ctx.now));
  },
  // A paid invoice applies the change it was paying for (a pending update), and brings an incomplete or past-due
  // subscription back to active.
  invoicePaid(ctx, paid: Stored) {
    const invoice = paid as Invoice;
    const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
    if (!subId) return;
    applyPendingUpdate(ctx, invoice);
    const sub = ctx.tx.get<Subscription>(subId);
    if (!sub || !["incomplete", "past_due", "unpaid"].includes(sub.status)) return;
    const stillOpen = ctx.tx
      .view<Invoice>("invoice", (i) => i.id !== invoice.id && i.status === "open" && i.parent?.subscription_details?.subscription === subId)
      .some(Boolean);
    // The customer's time, not the wall clock: on a test clock the trial may be long over though its end is still ahead in real time.
    const now = nowFor(ctx.tx, sub.customer as string, ctx.now);
    if (!stillOpen) setStatus(ctx, sub, sub.trial_end && sub.trial_end > now ? "trialing" : "active");
  },
};
