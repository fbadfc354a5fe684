import { z } from "zod";
import { invalidRequest, wrongState } from "../http/errors";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import { type Ctx, type LineInput } from "./invoice-lifecycle";
import {
  billPeriod,
  buildItem,
  incompleteError,
  itemsOf,
  pendingItemLines,
  periodOf,
  prorationItems,
  setStatus,
  withItems,
  type Subscription,
} from "./subscription-lifecycle";
import { addInterval, nowFor } from "./time";
import type { Price } from "./catalog";
import { mergeMetadata, mustGet, previousAttributes } from "./common";
import { recurringPrice, defaultPaymentMethod, resolveDiscounts, isMetered, itemQuantity } from "./subscription-inputs";
import { updateSubscriptionParams } from "./subscription-params";
import { assertPendingUpdateParams, discardPendingUpdate, updateIfPaid } from "./pending-updates";

export function updateSubscription(ctx: ApiContext, id: string, p: z.infer<typeof updateSubscriptionParams>): Subscription {
  const { tx } = ctx;
  const before = mustGet<Subscription>(tx, "subscription", id, "subscription");
  if (before.status === "canceled" || before.status === "incomplete_expired")
    throw wrongState(`A canceled subscription can only update its cancellation_details and metadata.`);
  const now = nowFor(tx, before.customer as string, ctx.now);
  const pendingIfIncomplete = p.payment_behavior === "pending_if_incomplete";
  if (pendingIfIncomplete) assertPendingUpdateParams(p);
  // Prorations are computed at proration_date when given (the moment a preview was made), else now.
  const prorateAt = p.proration_date ?? now;
  let sub: Subscription = structuredClone(before);
  const behaviour = p.proration_behavior ?? "create_prorations";
  let invoiceNow = behaviour === "always_invoice";
  // Set when this update starts a new period (a new interval, a new anchor, a trial ended now): that period is billed in full.
  let periodRestarted = false;

  if (p.items) {
    const items = [...itemsOf(sub)];
    const { start, end } = periodOf(sub);
    let intervalChanged = false;
    for (const [i, change] of p.items.entries()) {
      const index = change.id ? items.findIndex((it) => it.id === change.id) : -1;
      if (change.id && index < 0)
        throw invalidRequest(`Subscription item ${change.id} does not belong to this subscription.`, { param: `items[${i}][id]` });
      if (change.deleted) {
        const [removed] = items.splice(index, 1);
        if (removed && !isMetered(removed.price as Price) && behaviour !== "none" && sub.status !== "trialing")
          prorationItems(ctx, sub, removed, removed.price as Price, 0, prorateAt);
        continue;
      }
      const price = change.price
        ? recurringPrice(ctx, change.price, `items[${i}][price]`)
        : index >= 0
          ? (items[index]!.price as Price)
          : undefined;
      if (!price)
        throw invalidRequest(`Missing required param: items[${i}][price].`, { param: `items[${i}][price]`, code: "parameter_missing" });
      const quantity = itemQuantity(price, change.quantity, index >= 0 ? (items[index]!.quantity ?? 1) : 1, `items[${i}][quantity]`);
      const current = index >= 0 ? items[index]! : null;
      if (current && current.price.recurring?.interval !== price.recurring?.interval) intervalChanged = true;
      // Stripe prorates only what changes the bill: the same price at the same quantity is no change.
      // A metered item bills its usage in arrears: adding, changing or removing one prorates nothing.
      const billable =
        !isMetered(price) &&
        !(current && isMetered(current.price as Price)) &&
        (!current || current.price.id !== price.id || (current.quantity ?? 1) !== quantity);
      if (current && billable && behaviour !== "none" && sub.status !== "trialing" && !intervalChanged)
        prorationItems(ctx, sub, current, price, quantity ?? 0, prorateAt);
      if (current && intervalChanged && behaviour !== "none" && sub.status !== "trialing")
        prorationItems(ctx, sub, current, current.price as Price, 0, prorateAt);
      const next = buildItem(id, price, quantity, start, end, current?.created ?? now, mergeMetadata(current?.metadata, change.metadata));
      if (current) items[index] = { ...next, id: current.id };
      else items.push(next);
    }
    if (items.length === 0)
      throw invalidRequest("A subscription must have at least one active plan. To cancel a subscription, send a DELETE request.", {
        param: "items",
      });
    sub = withItems(sub, items);
    if (intervalChanged || p.billing_cycle_anchor === "now") {
      // A new interval restarts the billing cycle today and bills the new period at once, as Stripe does.
      const recurring = items[0]!.price.recurring!;
      const newEnd = addInterval(now, recurring.interval as "month", recurring.interval_count);
      sub = {
        ...withItems(
          sub,
          items.map((it) => ({ ...it, current_period_start: now, current_period_end: newEnd })),
        ),
        billing_cycle_anchor: now,
      };
      periodRestarted = true;
      if (sub.status !== "trialing") invoiceNow = true;
      if (sub.cancel_at_period_end) sub = { ...sub, cancel_at: newEnd };
    }
  }
  if (p.default_payment_method !== undefined)
    sub.default_payment_method = defaultPaymentMethod(ctx, sub.customer as string, p.default_payment_method) ?? null;
  if (p.description !== undefined) sub.description = p.description || null;
  sub.metadata = mergeMetadata(before.metadata, p.metadata);
  const discounts = resolveDiscounts(ctx, sub.customer as string, id, p, now);
  if (discounts) sub.discounts = discounts;
  if (p.cancel_at_period_end !== undefined) {
    sub.cancel_at_period_end = p.cancel_at_period_end;
    sub.cancel_at = p.cancel_at_period_end ? periodOf(sub).end : null;
    sub.cancellation_details = (
      p.cancel_at_period_end
        ? {
            comment: p.cancellation_details?.comment || null,
            feedback: p.cancellation_details?.feedback || null,
            feedback_option: null,
            reason: "cancellation_requested",
          }
        : { comment: null, feedback: null, feedback_option: null, reason: null }
    ) as never;
  } else if (p.cancellation_details) {
    sub.cancellation_details = {
      ...sub.cancellation_details!,
      comment: p.cancellation_details.comment || null,
      feedback: (p.cancellation_details.feedback || null) as never,
    };
  }
  if (p.trial_end === "now" && sub.status === "trialing" && endTrialWithoutPaymentMethod(ctx, sub, now)) {
    return tx.get<Subscription>(id)!;
  }
  if (p.trial_end === "now" && sub.status === "trialing") {
    const recurring = itemsOf(sub)[0]!.price.recurring!;
    const newEnd = addInterval(now, recurring.interval as "month", recurring.interval_count);
    sub = {
      ...withItems(
        sub,
        itemsOf(sub).map((it) => ({ ...it, current_period_start: now, current_period_end: newEnd })),
      ),
      trial_end: now,
      billing_cycle_anchor: now,
      status: "active",
    };
    periodRestarted = true;
    invoiceNow = true;
  }
  const lines = invoiceNow ? invoiceLines(tx, before, sub, periodRestarted) : undefined;
  if (pendingIfIncomplete && invoiceNow && lines?.length !== 0)
    return updateIfPaid(ctx, before, sub, now, { lines, offSession: p.off_session ?? true });
  // A change applied outright replaces one still waiting for its payment.
  if (p.items && before.pending_update) {
    discardPendingUpdate(ctx, before, now);
    sub = { ...sub, pending_update: null };
  }
  tx.put(sub);
  const previous = previousAttributes(before as never, sub as never);
  if (Object.keys(previous).length > 0) ctx.emit("customer.subscription.updated", sub, previous);

  if (invoiceNow) {
    const { start, end } = periodOf(sub);
    // With nothing pending, always_invoice makes no invoice.
    if (lines?.length === 0) return tx.get<Subscription>(id)!;
    const billed = billPeriod(ctx, sub, "subscription_update", start, end, now, { lines, offSession: p.off_session ?? true });
    if (billed.outcome !== "paid" && billed.invoice.status === "open" && p.payment_behavior === "error_if_incomplete")
      incompleteError(null);
    if (billed.outcome === "failed" || billed.outcome === "no_payment_method") setStatus(ctx, tx.get<Subscription>(id)!, "past_due");
  }
  return tx.get<Subscription>(id)!;
}

/**
 * What an update that invoices at once bills: a period it started, in full, or else the prorations it left pending
 * (even at the very second a period began, which is a test clock's usual time).
 */
function invoiceLines(tx: ApiContext["tx"], before: Subscription, sub: Subscription, periodRestarted: boolean): LineInput[] | undefined {
  const fullPeriod = before.status === "trialing" || periodRestarted;
  return fullPeriod ? undefined : pendingItemLines(tx, sub.customer as string, sub.id);
}

/**
 * A trial ending with no payment method on file does what trial_settings.end_behavior.missing_payment_method says:
 * `cancel` cancels, `pause` pauses (customer.subscription.paused); `create_invoice` (false here) bills as usual.
 */
export function endTrialWithoutPaymentMethod(ctx: Ctx, sub: Subscription, at: number): boolean {
  const customer = ctx.tx.get<Stored & { invoice_settings: { default_payment_method: string | null } }>(sub.customer as string);
  if (sub.default_payment_method || customer?.invoice_settings.default_payment_method) return false;
  const behaviour = sub.trial_settings?.end_behavior.missing_payment_method ?? "create_invoice";
  if (behaviour === "cancel") {
    cancelSubscription(ctx, { ...sub, trial_end: at }, at, { reason: "cancellation_requested" });
    return true;
  }
  if (behaviour === "pause") {
    const paused = setStatus(ctx, { ...sub, trial_end: at } as Subscription, "paused");
    ctx.emit("customer.subscription.paused", paused);
    return true;
  }
  return false;
}

export function cancelSubscription(
  ctx: Ctx,
  sub: Subscription,
  at: number,
  details?: { comment?: string | null; feedback?: string | null; reason?: string },
): Subscription {
  const canceled = {
    ...sub,
    status: "canceled",
    canceled_at: sub.canceled_at ?? at,
    ended_at: at,
    cancel_at: null,
    cancel_at_period_end: false,
    cancellation_details: {
      comment: details?.comment ?? sub.cancellation_details?.comment ?? null,
      feedback: details?.feedback ?? sub.cancellation_details?.feedback ?? null,
      feedback_option: null,
      reason: details?.reason ?? sub.cancellation_details?.reason ?? "cancellation_requested",
    },
  } as Subscription;
  ctx.tx.put(canceled);
  ctx.emit("customer.subscription.deleted", canceled);
  return canceled;
}
