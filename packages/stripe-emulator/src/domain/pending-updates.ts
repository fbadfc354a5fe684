// Pending updates (payment_behavior=pending_if_incomplete): a change that needs a payment is applied only once its
// invoice is paid. Until then the subscription keeps cycling as it was, with the change in `pending_update`; if the
// invoice is not paid by `expires_at`, the change is dropped and the invoice voided.

import type Stripe from "stripe";
import { invalidRequest } from "../http/errors";
import type { Stored } from "../store/store";
import type { Ctx, Invoice, LineInput } from "./invoice-lifecycle";
import { billPeriod, itemsOf, periodOf, type Subscription } from "./subscription-lifecycle";

/** Stripe keeps a failed change for 23 hours at most, and never past the trial's or the period's end. */
const PENDING_UPDATE_LIFETIME = 23 * 3600;

/** Which invoice pays for a subscription's pending update (Stripe's object does not say; the emulator remembers). */
type PendingLink = Stored & { object: "emulator.pending_update"; invoice: string };
const linkId = (subscriptionId: string) => `pending_update_${subscriptionId}`;

/** The parameters a pending update may carry, as Stripe lists them; anything else in the request is refused. */
const ALLOWED = new Set([
  "items",
  "payment_behavior",
  "proration_behavior",
  "proration_date",
  "billing_cycle_anchor",
  "trial_end",
  "expand",
]);
const ALLOWED_IN_ITEMS = new Set(["id", "price", "quantity"]);

export function assertPendingUpdateParams(params: Record<string, unknown>): void {
  const refused = Object.keys(params).filter((name) => params[name] !== undefined && !ALLOWED.has(name));
  const items = Array.isArray(params.items) ? (params.items as Record<string, unknown>[]) : [];
  items.forEach((item, i) =>
    refused.push(
      ...Object.keys(item ?? {})
        .filter((name) => item[name] !== undefined && !ALLOWED_IN_ITEMS.has(name))
        .map((n) => `items[${i}][${n}]`),
    ),
  );
  if (refused.length > 0)
    throw invalidRequest(
      `When payment_behavior is pending_if_incomplete, only these parameters can be used: ${[...ALLOWED].join(", ")}; ` +
        `items take id, price and quantity. Not allowed here: ${refused.join(", ")}.`,
      { param: refused[0] },
    );
}

/**
 * Bills `proposed` (the subscription as the change would leave it) and applies it only if the invoice is paid now.
 * Otherwise the stored subscription stays as it was, with the change held in `pending_update`.
 */
export function updateIfPaid(
  ctx: Ctx,
  before: Subscription,
  proposed: Subscription,
  now: number,
  bill: { lines: LineInput[] | undefined; offSession: boolean },
): Subscription {
  const { tx } = ctx;
  discardPendingUpdate(ctx, before, now);
  const { start, end } = periodOf(proposed);
  const billed = billPeriod(ctx, proposed, "subscription_update", start, end, now, { lines: bill.lines, offSession: bill.offSession });
  const stored = tx.get<Subscription>(before.id)!;
  if (billed.outcome === "paid") {
    const applied = { ...proposed, latest_invoice: stored.latest_invoice, pending_update: null } as Subscription;
    tx.put(applied);
    ctx.emit("customer.subscription.updated", applied, { items: before.items, latest_invoice: before.latest_invoice });
    return applied;
  }
  // No automatic retries: the change waits for the customer (or the integration) to pay this invoice, or expires.
  tx.put({ ...tx.get<Invoice>(billed.invoice.id)!, next_payment_attempt: null } as Invoice);
  tx.put<PendingLink>({ id: linkId(before.id), object: "emulator.pending_update", invoice: billed.invoice.id });
  const trialEnd = stored.status === "trialing" ? stored.trial_end : null;
  const expiresAt = Math.min(now + PENDING_UPDATE_LIFETIME, periodOf(stored).end, trialEnd ?? Infinity);
  const pendingUpdate: Stripe.Subscription.PendingUpdate = {
    billing_cycle_anchor: proposed.billing_cycle_anchor !== stored.billing_cycle_anchor ? proposed.billing_cycle_anchor : null,
    cancel_at_period_end: null,
    discount: null,
    discounts: null,
    expires_at: expiresAt,
    metadata: null,
    subscription_items: itemsOf(proposed),
    trial_end: proposed.trial_end !== stored.trial_end ? proposed.trial_end : null,
    trial_from_plan: null,
  };
  const held = { ...stored, pending_update: pendingUpdate } as Subscription;
  tx.put(held);
  ctx.emit("customer.subscription.updated", held, { pending_update: null, latest_invoice: before.latest_invoice });
  return held;
}

/** The invoice of a pending update was paid: the change is applied now. */
export function applyPendingUpdate(ctx: Ctx, invoice: Invoice): void {
  const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const link = subId ? ctx.tx.get<PendingLink>(linkId(subId)) : undefined;
  if (!subId || !link || link.invoice !== invoice.id) return;
  ctx.tx.delete(link.id);
  const sub = ctx.tx.get<Subscription>(subId)!;
  const update = sub.pending_update;
  if (!update) return;
  const applied = {
    ...sub,
    items: { ...sub.items, data: update.subscription_items ?? itemsOf(sub) },
    ...(update.billing_cycle_anchor !== null ? { billing_cycle_anchor: update.billing_cycle_anchor } : {}),
    ...(update.trial_end !== null ? { trial_end: update.trial_end, status: "active" } : {}),
    pending_update: null,
  } as Subscription;
  ctx.tx.put(applied);
  ctx.emit("customer.subscription.pending_update_applied", applied, { pending_update: update, items: sub.items });
  ctx.emit("customer.subscription.updated", applied, { pending_update: update, items: sub.items });
}

/** When the held change expires unpaid: its invoice is voided and the change dropped. */
export function pendingUpdateExpiry(sub: Subscription): number | null {
  return sub.pending_update?.expires_at ?? null;
}

export function expirePendingUpdate(ctx: Ctx, sub: Subscription, at: number): void {
  if (!sub.pending_update) return;
  voidPendingInvoice(ctx, sub, at);
  const cleared = { ...sub, pending_update: null } as Subscription;
  ctx.tx.put(cleared);
  ctx.emit("customer.subscription.pending_update_expired", cleared, { pending_update: sub.pending_update });
  ctx.emit("customer.subscription.updated", cleared, { pending_update: sub.pending_update });
}

/** A new change replaces a held one: the held one's invoice is voided first, as when it expires. */
export function discardPendingUpdate(ctx: Ctx, sub: Subscription, at: number): void {
  if (!sub.pending_update) return;
  voidPendingInvoice(ctx, sub, at);
  ctx.tx.put({ ...ctx.tx.get<Subscription>(sub.id)!, pending_update: null } as Subscription);
}

function voidPendingInvoice(ctx: Ctx, sub: Subscription, at: number): void {
  const link = ctx.tx.get<PendingLink>(linkId(sub.id));
  if (!link) return;
  ctx.tx.delete(link.id);
  const invoice = ctx.tx.get<Invoice>(link.invoice);
  if (!invoice || invoice.status !== "open") return;
  const voided = { ...invoice, status: "void", status_transitions: { ...invoice.status_transitions, voided_at: at } } as Invoice;
  ctx.tx.put(voided);
  ctx.emit("invoice.voided", voided);
}
