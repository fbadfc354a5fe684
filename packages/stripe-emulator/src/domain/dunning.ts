import type { Invoice, Ctx } from "./invoice-lifecycle";
import { attemptInvoicePayment } from "./invoice-collection";
import { setStatus, type Subscription } from "./subscription-lifecycle";
import { DAY } from "./time";

/** How a subscription is ended when dunning runs out and the setting says "canceled". */
type EndSubscription = (ctx: Ctx, sub: Subscription, at: number) => void;

/** After a failed collection: the subscription is past due and the invoice gets its next retry, or the final state. */
export function afterFailedCollection(ctx: Ctx, sub: Subscription, invoice: Invoice, at: number, end: EndSubscription): void {
  const retryIndex = invoice.attempt_count - 1;
  const wait = ctx.account.dunning.retryDays[retryIndex];
  if (wait !== undefined) {
    ctx.tx.put({ ...ctx.tx.get<Invoice>(invoice.id)!, next_payment_attempt: at + wait * DAY });
    if (sub.status !== "past_due") setStatus(ctx, sub, "past_due");
    return;
  }
  ctx.tx.put({ ...ctx.tx.get<Invoice>(invoice.id)!, next_payment_attempt: null });
  if (ctx.account.dunning.final === "canceled") end(ctx, sub, at);
  else if (ctx.account.dunning.final === "unpaid") setStatus(ctx, sub, "unpaid");
  else if (sub.status !== "past_due") setStatus(ctx, sub, "past_due");
}

/** One scheduled retry of an open invoice. */
export function retryInvoice(ctx: Ctx, sub: Subscription, invoice: Invoice, at: number, end: EndSubscription): void {
  const attempt = attemptInvoicePayment(ctx, invoice, at, { offSession: true });
  if (attempt.outcome === "paid") return;
  afterFailedCollection(ctx, ctx.tx.get<Subscription>(sub.id)!, attempt.invoice, at, end);
}
