import type Stripe from "stripe";
import { cardError } from "../http/errors";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import type { Customer } from "./customers";
import type { Price, Product } from "./catalog";
import { attemptInvoicePayment } from "./invoice-collection";
import { draftInvoice, finalizeInvoice, type Ctx, type InvoiceItem, type LineInput } from "./invoice-lifecycle";
import { meterUsage } from "./meters";
import { addInterval, DAY, remainingShare } from "./time";

export type Subscription = Stripe.Subscription & Stored;
export type SubscriptionItem = Stripe.SubscriptionItem & Stored;

export const TRIAL_WILL_END_BEFORE = 3 * DAY;

/** Emits trial_will_end once per trial end (a trial shorter than three days gets it at once, as on Stripe). */
export function warnTrialEnding(ctx: Ctx, sub: Subscription): void {
  const key = `twe_${sub.id}_${sub.trial_end}`;
  if (ctx.tx.get(key)) return;
  ctx.tx.put({ id: key, object: "emulator.trial_will_end_sent" });
  ctx.emit("customer.subscription.trial_will_end", sub);
}

function planOf(price: Price): Stripe.Plan {
  const r = price.recurring!;
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount) as never,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: r.interval,
    interval_count: r.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: r.meter ?? null,
    nickname: price.nickname,
    product: price.product as string,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: r.trial_period_days,
    usage_type: r.usage_type,
  } as Stripe.Plan;
}

export function buildItem(
  subscriptionId: string,
  price: Price,
  /** null for a metered price, whose item has no quantity: what it bills is its meter's usage. */
  quantity: number | null,
  periodStart: number,
  periodEnd: number,
  created: number,
  metadata: Record<string, string> = {},
): SubscriptionItem {
  return {
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created,
    current_period_end: periodEnd,
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planOf(price),
    price,
    ...(quantity === null ? {} : { quantity }),
    subscription: subscriptionId,
    tax_rates: [],
  } as unknown as SubscriptionItem;
}

export const itemsOf = (sub: Subscription) => sub.items.data as SubscriptionItem[];
export const periodOf = (sub: Subscription) => ({ start: itemsOf(sub)[0]!.current_period_start, end: itemsOf(sub)[0]!.current_period_end });

export function withItems(sub: Subscription, items: SubscriptionItem[]): Subscription {
  return {
    ...sub,
    items: {
      object: "list",
      data: items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${sub.id}`,
    },
  } as Subscription;
}

function productName(tx: Tx, price: Price): string {
  return tx.get<Product>(price.product as string)?.name ?? "Subscription";
}

/**
 * Invoice lines for a full period of every licensed item, billed in advance for [start, end), and of every metered item,
 * billed in arrears for its meter's usage over `usage` (the period that just ended, or the current one so far in a
 * preview); without `usage` (a first invoice, a restarted cycle) metered items have nothing to bill yet.
 */
export function periodLines(tx: Tx, sub: Subscription, start: number, end: number, usage?: { start: number; end: number }): LineInput[] {
  const lines: LineInput[] = [];
  for (const item of itemsOf(sub)) {
    const price = item.price as Price;
    const meter = price.recurring?.usage_type === "metered" ? price.recurring.meter : null;
    if (price.recurring?.usage_type === "metered" && (!meter || !usage)) continue;
    const quantity = meter ? meterUsage(tx, meter, sub.customer as string, usage!.start, usage!.end) : (item.quantity ?? 1);
    lines.push({
      amount: Math.round((price.unit_amount ?? 0) * quantity),
      description: `${quantity} × ${productName(tx, price)} (at $${((price.unit_amount ?? 0) / 100).toFixed(2)} / ${price.recurring?.interval})`,
      periodStart: meter ? usage!.start : start,
      periodEnd: meter ? usage!.end : end,
      price,
      quantity,
      proration: false,
      subscription: sub.id,
      subscriptionItem: item.id,
      invoiceItem: null,
    });
  }
  return lines;
}

/** Pending invoice items of the customer for this subscription (prorations), as invoice lines. */
export function pendingItemLines(tx: Tx, customerId: string, subscriptionId: string | null): LineInput[] {
  return tx
    .all<InvoiceItem>(
      "invoiceitem",
      (ii) =>
        ii.customer === customerId &&
        ii.invoice === null &&
        (subscriptionId === null || (ii.parent?.subscription_details?.subscription ?? null) === subscriptionId),
    )
    .reverse()
    .map((ii) =>
      invoiceItemLine(
        ii,
        ii.pricing?.price_details?.price ? (tx.get<Price>(ii.pricing.price_details.price as string) ?? null) : null,
        subscriptionId,
      ),
    );
}

/** An invoice item as the invoice line it becomes. */
export function invoiceItemLine(ii: InvoiceItem, price: Price | null, subscriptionId: string | null): LineInput {
  return {
    amount: ii.amount,
    description: ii.description ?? "",
    periodStart: ii.period.start,
    periodEnd: ii.period.end,
    price,
    quantity: ii.quantity,
    proration: ii.proration,
    subscription: subscriptionId,
    subscriptionItem: null,
    invoiceItem: ii.id,
  };
}

/** Sets a status, emitting customer.subscription.updated with what changed. */
export function setStatus(
  ctx: Ctx,
  sub: Subscription,
  status: Stripe.Subscription.Status,
  extra: Partial<Subscription> = {},
): Subscription {
  const next = { ...sub, status, ...extra } as Subscription;
  ctx.tx.put(next);
  const previous: Record<string, unknown> = {};
  for (const key of ["status", ...Object.keys(extra)] as (keyof Subscription)[])
    if (JSON.stringify(sub[key]) !== JSON.stringify(next[key])) previous[key] = sub[key];
  if (Object.keys(previous).length > 0) ctx.emit("customer.subscription.updated", next, previous);
  return next;
}

/** Bills a subscription for [start, end): draft, finalize, collect. Returns the invoice and how collection went. */
export function billPeriod(
  ctx: Ctx,
  sub: Subscription,
  reason: Stripe.Invoice.BillingReason,
  start: number,
  end: number,
  at: number,
  opts: { lines?: LineInput[]; offSession?: boolean; collect?: boolean; usage?: { start: number; end: number } } = {},
) {
  const { tx } = ctx;
  const customer = tx.get<Customer>(sub.customer as string)!;
  const lines = opts.lines ?? [...periodLines(tx, sub, start, end, opts.usage), ...pendingItemLines(tx, customer.id, sub.id)];
  let invoice = draftInvoice(ctx, {
    customer,
    subscription: sub,
    billingReason: reason,
    lines,
    periodStart: start,
    periodEnd: end,
    at,
    currency: sub.currency,
  });
  invoice = finalizeInvoice(ctx, invoice, at);
  tx.put({ ...tx.get<Subscription>(sub.id)!, latest_invoice: invoice.id });
  if (invoice.status === "paid" || opts.collect === false)
    return { invoice, outcome: invoice.status === "paid" ? ("paid" as const) : ("open" as const) };
  const attempt = attemptInvoicePayment(ctx, invoice, at, { offSession: opts.offSession ?? true });
  return { invoice: attempt.invoice, outcome: attempt.outcome };
}

/** Proration lines for moving `item` to `price`×`quantity` at `at`: a credit for the unused old, a charge for the new. */
export function prorationItems(
  ctx: Ctx,
  sub: Subscription,
  item: SubscriptionItem,
  price: Price,
  quantity: number,
  at: number,
): InvoiceItem[] {
  const { start, end } = periodOf(sub);
  const share = remainingShare(start, end, at);
  const oldAmount = Math.round(-(item.price.unit_amount ?? 0) * (item.quantity ?? 1) * share);
  const newAmount = Math.round((price.unit_amount ?? 0) * quantity * share);
  const customer = sub.customer as string;
  const make = (amount: number, p: Price, qty: number, description: string): InvoiceItem => {
    const ii = {
      id: newId("ii"),
      object: "invoiceitem",
      amount,
      currency: p.currency,
      customer,
      customer_account: null,
      date: at,
      description,
      discountable: false,
      discounts: [],
      invoice: null,
      livemode: false,
      metadata: {},
      parent: { subscription_details: { subscription: sub.id, subscription_item: item.id }, type: "subscription_details" },
      period: { end, start: at },
      pricing: {
        price_details: { price: p.id, product: p.product as string },
        type: "price_details",
        unit_amount_decimal: String(p.unit_amount),
      },
      proration: true,
      proration_details: { credited_items: null, discount_amounts: [] },
      quantity: qty,
      quantity_decimal: String(qty),
      tax_rates: [],
      test_clock: sub.test_clock ?? null,
    } as unknown as InvoiceItem;
    ctx.tx.put(ii);
    ctx.emit("invoiceitem.created", ii);
    return ii;
  };
  return [
    make(
      oldAmount,
      item.price as Price,
      item.quantity ?? 1,
      `Unused time on ${item.quantity ?? 1} × ${productName(ctx.tx, item.price as Price)}`,
    ),
    make(newAmount, price, quantity, `Remaining time on ${quantity} × ${productName(ctx.tx, price)}`),
  ];
}

/** The next period for a subscription whose current one ends at `end`. */
export function nextPeriod(sub: Subscription, end: number): { start: number; end: number } {
  const recurring = itemsOf(sub)[0]!.price.recurring!;
  return {
    start: end,
    end: addInterval(end, recurring.interval as "day" | "week" | "month" | "year", recurring.interval_count, sub.billing_cycle_anchor),
  };
}

export function movePeriod(tx: Tx, sub: Subscription, start: number, end: number): Subscription {
  const moved = withItems(
    sub,
    itemsOf(sub).map((i) => ({ ...i, current_period_start: start, current_period_end: end })),
  );
  tx.put(moved);
  return moved;
}

/** A payment that must succeed now (error_if_incomplete) failed: answer with the card error. */
export function incompleteError(intentError: { code?: string; message?: string; decline_code?: string } | null): never {
  throw cardError(intentError?.code ?? "card_declined", intentError?.message ?? "Your card was declined.", {
    decline_code: intentError?.decline_code,
  });
}
