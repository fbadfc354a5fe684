import { z } from "zod";
import { invalidRequest, wrongState } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { bool, emptyable, int, list, metadata, obj, parseParams, str, currency } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { createDiscount, type Discount } from "../billing/discounts";
import { attemptInvoicePayment, type Ctx } from "../billing/invoices";
import {
  billPeriod,
  buildItem,
  incompleteError,
  itemsOf,
  movePeriod,
  pendingItemLines,
  periodOf,
  prorationItems,
  setStatus,
  TRIAL_WILL_END_BEFORE,
  warnTrialEnding,
  withItems,
  type Subscription,
  type SubscriptionItem,
} from "../billing/subscriptions";
import { addInterval, DAY, nowFor } from "../billing/time";
import type { Price } from "./catalog";
import type { Customer } from "./customers";
import { findPromotionCode, type Coupon, type PromotionCode } from "./discounts";
import { mergeMetadata, mustGet, previousAttributes } from "./common";
import { attachPaymentMethod, type PaymentMethod } from "./payment-methods";
import { createPaymentIntent, type PaymentIntent } from "./payment-intents";

const itemParam = obj({
  id: str().optional(),
  price: str().optional(),
  quantity: int().optional(),
  deleted: bool().optional(),
  metadata: metadata().optional(),
  clear_usage: bool().optional(),
});
/** Creating a subscription names new items only; updates may name existing ones (id, deleted, clear_usage). */
const newItemParam = itemParam.omit({ id: true, deleted: true, clear_usage: true });
const discountParam = obj({ coupon: str().optional(), promotion_code: str().optional(), discount: str().optional() });
const common = {
  metadata: metadata().optional(),
  default_payment_method: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  payment_behavior: z.enum(["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"]).optional(),
  proration_behavior: z.enum(["create_prorations", "none", "always_invoice"]).optional(),
  off_session: bool().optional(),
  cancel_at_period_end: bool().optional(),
  discounts: emptyable(list(discountParam)).optional(),
  coupon: str().optional(),
  promotion_code: str().optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  days_until_due: int().optional(),
  expand: z.unknown().optional(),
  trial_settings: obj({ end_behavior: obj({ missing_payment_method: z.enum(["cancel", "create_invoice", "pause"]) }) }).optional(),
};
const createParams = obj({
  ...common,
  customer: str(),
  items: list(newItemParam),
  trial_period_days: int().optional(),
  trial_end: z.union([z.literal("now"), int()]).optional(),
  trial_from_plan: bool().optional(),
  currency: currency().optional(),
  billing_cycle_anchor: int().optional(),
  backdate_start_date: int().optional(),
});
const updateParams = obj({
  ...common,
  items: list(itemParam).optional(),
  trial_end: z.union([z.literal("now"), int()]).optional(),
  proration_date: int().optional(),
  billing_cycle_anchor: z.enum(["now", "unchanged"]).optional(),
  cancel_at: emptyable(int()).optional(),
  cancellation_details: obj({ comment: emptyable(str()).optional(), feedback: emptyable(str()).optional() }).optional(),
});

function recurringPrice(ctx: ApiContext, id: string, param: string): Price {
  const price = mustGet<Price>(ctx.tx, "price", id, "price", param);
  if (!price.recurring)
    throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, {
      param,
    });
  if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param });
  return price;
}

function resolveDiscounts(
  ctx: ApiContext,
  customer: string,
  subscription: string,
  p: { discounts?: "" | z.infer<typeof discountParam>[]; coupon?: string; promotion_code?: string },
  at: number,
): string[] | undefined {
  const wanted =
    p.discounts === ""
      ? []
      : (p.discounts ?? (p.coupon || p.promotion_code ? [{ coupon: p.coupon, promotion_code: p.promotion_code }] : undefined));
  if (wanted === undefined) return undefined;
  return wanted.map((d, i) => {
    if (d.discount) return d.discount;
    let promo: PromotionCode | undefined;
    if (d.promotion_code) {
      promo = ctx.tx.get<PromotionCode>(d.promotion_code) ?? findPromotionCode(ctx.tx, d.promotion_code, at);
      if (!promo || promo.object !== "promotion_code" || !promo.active)
        throw invalidRequest(`No such promotion code: '${d.promotion_code}'`, {
          param: `discounts[${i}][promotion_code]`,
          code: "resource_missing",
          status: 404,
        });
    }
    const coupon = mustGet<Coupon>(
      ctx.tx,
      "coupon",
      promo ? (promo.promotion.coupon as string) : d.coupon!,
      "coupon",
      `discounts[${i}][coupon]`,
    );
    return createDiscount(ctx.tx, { coupon, customer, subscription, promotionCode: promo?.id ?? null, start: at }).id;
  });
}

function defaultPaymentMethod(ctx: ApiContext, customer: string, value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === "") return null;
  const pm = ctx.tx.get<PaymentMethod>(value);
  if (pm?.object === "payment_method" && pm.customer === customer) return pm.id;
  return attachPaymentMethod(ctx, value, customer).id;
}

export function createSubscription(ctx: ApiContext, p: z.infer<typeof createParams>): Subscription {
  const { tx } = ctx;
  const customer = mustGet<Customer>(tx, "customer", p.customer, "customer", "customer");
  const now = nowFor(tx, customer.id, ctx.now);
  const prices = p.items.map((item, i) => recurringPrice(ctx, item.price ?? "", `items[${i}][price]`));
  if (prices.length === 0) throw invalidRequest("Missing required param: items.", { param: "items", code: "parameter_missing" });
  const id = newId("sub");
  const trialDays = p.trial_period_days ?? (p.trial_from_plan ? prices[0]!.recurring!.trial_period_days : null);
  const trialEnd = p.trial_end === "now" ? null : (p.trial_end ?? (trialDays ? now + trialDays * DAY : null));
  if (trialEnd !== null && trialEnd <= now)
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param: "trial_end" });
  const recurring = prices[0]!.recurring!;
  const periodEnd = trialEnd ?? addInterval(now, recurring.interval as "month", recurring.interval_count);
  const items = p.items.map((item, i) =>
    buildItem(id, prices[i]!, item.quantity ?? 1, now, periodEnd, now, mergeMetadata({}, item.metadata)),
  );
  const pm = defaultPaymentMethod(ctx, customer.id, p.default_payment_method) ?? null;
  let sub = withItems(
    {
      id,
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: "classic", updated_at: now },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
      collection_method: p.collection_method ?? "charge_automatically",
      created: now,
      currency: prices[0]!.currency,
      customer: customer.id,
      customer_account: null,
      days_until_due: p.days_until_due ?? null,
      default_payment_method: pm,
      default_source: null,
      default_tax_rates: [],
      description: p.description || null,
      discounts: [],
      ended_at: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
      latest_invoice: null,
      livemode: false,
      managed_payments: null,
      metadata: mergeMetadata({}, p.metadata),
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: trialEnd ? "trialing" : "incomplete",
      test_clock: customer.test_clock ?? null,
      transfer_data: null,
      trial_end: trialEnd,
      trial_settings: {
        end_behavior: {
          billing_cycle_anchor: null,
          missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? "create_invoice",
        },
      },
      trial_start: trialEnd ? now : null,
    } as unknown as Subscription,
    items,
  );
  tx.put(sub);
  const discounts = resolveDiscounts(ctx, customer.id, id, p, now);
  if (discounts) sub = { ...sub, discounts };
  if (p.cancel_at_period_end)
    sub = {
      ...sub,
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" } as never,
    };
  tx.put(sub);
  ctx.emit("customer.subscription.created", sub);

  if (trialEnd) {
    const lines = itemsOf(sub).map((item) => ({
      amount: 0,
      description: `Trial period for ${item.price.nickname ?? "subscription"}`,
      periodStart: now,
      periodEnd: trialEnd,
      price: item.price as Price,
      quantity: item.quantity ?? 1,
      proration: false,
      subscription: id,
      subscriptionItem: item.id,
      invoiceItem: null,
    }));
    billPeriod(ctx, sub, "subscription_create", now, trialEnd, now, { lines });
    if (trialEnd - now <= TRIAL_WILL_END_BEFORE) warnTrialEnding(ctx, tx.get<Subscription>(id)!);
    return tx.get<Subscription>(id)!;
  }
  const behaviour = p.payment_behavior ?? "allow_incomplete";
  const billed = billPeriod(ctx, sub, "subscription_create", now, periodEnd, now, {
    collect: behaviour !== "default_incomplete",
    offSession: p.off_session ?? false,
  });
  if (behaviour === "default_incomplete" && billed.outcome === "open") {
    // The first payment is left for the customer to confirm (Stripe.js with the invoice's confirmation secret).
    attemptInvoicePrepareOnly(ctx, billed.invoice.id, now);
  }
  if (behaviour === "error_if_incomplete" && billed.outcome !== "paid") {
    const intentId = tx
      .get<{ confirmation_secret: { client_secret: string } | null } & Stored>(billed.invoice.id)
      ?.confirmation_secret?.client_secret.split("_secret_")[0];
    incompleteError(intentId ? (tx.get<PaymentIntent>(intentId)?.last_payment_error ?? null) : null);
  }
  return tx.get<Subscription>(id)!;
}

/** Creates the invoice's payment intent without confirming it (payment_behavior=default_incomplete). */
function attemptInvoicePrepareOnly(ctx: Ctx, invoiceId: string, at: number): void {
  const invoice = ctx.tx.get<Parameters<typeof attemptInvoicePayment>[1]>(invoiceId)!;
  const intent = createPaymentIntent(
    { ...ctx, now: at },
    {
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      customer: invoice.customer as string,
      payment_method_types: ["card"],
      description: `Invoice ${invoice.number}`,
    },
  );
  ctx.tx.put({ id: `invpay_${intent.id}`, object: "emulator.invoice_payment", invoice: invoice.id, payment_intent: intent.id });
  ctx.tx.put({ ...invoice, confirmation_secret: { client_secret: intent.client_secret!, type: "payment_intent" } } as typeof invoice);
}

export function updateSubscription(ctx: ApiContext, id: string, p: z.infer<typeof updateParams>): Subscription {
  const { tx } = ctx;
  const before = mustGet<Subscription>(tx, "subscription", id, "subscription");
  if (before.status === "canceled" || before.status === "incomplete_expired")
    throw wrongState(`A canceled subscription can only update its cancellation_details and metadata.`);
  const now = nowFor(tx, before.customer as string, ctx.now);
  let sub: Subscription = structuredClone(before);
  const behaviour = p.proration_behavior ?? "create_prorations";
  let invoiceNow = behaviour === "always_invoice";

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
        if (removed && behaviour !== "none" && sub.status !== "trialing") prorationItems(ctx, sub, removed, removed.price as Price, 0, now);
        continue;
      }
      const price = change.price
        ? recurringPrice(ctx, change.price, `items[${i}][price]`)
        : index >= 0
          ? (items[index]!.price as Price)
          : undefined;
      if (!price)
        throw invalidRequest(`Missing required param: items[${i}][price].`, { param: `items[${i}][price]`, code: "parameter_missing" });
      const quantity = change.quantity ?? (index >= 0 ? (items[index]!.quantity ?? 1) : 1);
      const current = index >= 0 ? items[index]! : null;
      if (current && current.price.recurring?.interval !== price.recurring?.interval) intervalChanged = true;
      // Stripe prorates only what changes the bill: the same price at the same quantity is no change.
      const billable = !current || current.price.id !== price.id || (current.quantity ?? 1) !== quantity;
      if (current && billable && behaviour !== "none" && sub.status !== "trialing" && !intervalChanged)
        prorationItems(ctx, sub, current, price, quantity, now);
      if (current && intervalChanged && behaviour !== "none" && sub.status !== "trialing")
        prorationItems(ctx, sub, current, current.price as Price, 0, now);
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
    invoiceNow = true;
  }
  tx.put(sub);
  const previous = previousAttributes(before as never, sub as never);
  if (Object.keys(previous).length > 0) ctx.emit("customer.subscription.updated", sub, previous);

  if (invoiceNow) {
    const { start, end } = periodOf(sub);
    const fullPeriod = before.status === "trialing" || start === now;
    const lines = fullPeriod ? undefined : pendingItemLines(tx, sub.customer as string, id);
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

export function registerSubscriptions(router: Router): void {
  router.add("POST", "/v1/subscriptions", (ctx) => createSubscription(ctx, parseParams(createParams, ctx.params)));
  router.add("GET", "/v1/subscriptions/:id", ({ tx, path }) => mustGet<Subscription>(tx, "subscription", path.id!, "subscription"));
  router.add("POST", "/v1/subscriptions/:id", (ctx) => updateSubscription(ctx, ctx.path.id!, parseParams(updateParams, ctx.params)));
  router.add("DELETE", "/v1/subscriptions/:id", (ctx) => {
    const p = parseParams(
      obj({
        invoice_now: bool().optional(),
        prorate: bool().optional(),
        cancellation_details: obj({ comment: str().optional(), feedback: str().optional() }).optional(),
        expand: z.unknown().optional(),
      }),
      ctx.params,
    );
    const sub = mustGet<Subscription>(ctx.tx, "subscription", ctx.path.id!, "subscription");
    if (sub.status === "canceled") throw wrongState("This subscription has already been canceled.");
    return cancelSubscription(ctx, sub, nowFor(ctx.tx, sub.customer as string, ctx.now), {
      ...p.cancellation_details,
      reason: "cancellation_requested",
    });
  });
  router.add("POST", "/v1/subscriptions/:id/resume", (ctx) => {
    parseParams(
      obj({
        billing_cycle_anchor: z.enum(["now", "unchanged"]).optional(),
        proration_behavior: z.enum(["always_invoice", "create_prorations", "none"]).optional(),
      }),
      ctx.params,
    );
    const sub = mustGet<Subscription>(ctx.tx, "subscription", ctx.path.id!, "subscription");
    if (sub.status !== "paused")
      throw wrongState(`You can only resume subscriptions that are \`paused\`. This subscription is \`${sub.status}\`.`);
    const at = nowFor(ctx.tx, sub.customer as string, ctx.now);
    const recurring = itemsOf(sub)[0]!.price.recurring!;
    const end = addInterval(at, recurring.interval as "month", recurring.interval_count);
    const moved = { ...movePeriod(ctx.tx, sub, at, end), billing_cycle_anchor: at };
    ctx.tx.put(moved);
    const billed = billPeriod(ctx, moved, "subscription_cycle", at, end, at);
    const fresh = ctx.tx.get<Subscription>(sub.id)!;
    setStatus(ctx, fresh, billed.outcome === "paid" ? "active" : "past_due");
    ctx.emit("customer.subscription.resumed", ctx.tx.get<Subscription>(sub.id)!);
    return ctx.tx.get<Subscription>(sub.id);
  });
  router.add("GET", "/v1/subscriptions", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        customer: str().optional(),
        status: str().optional(),
        price: str().optional(),
        test_clock: str().optional(),
        created: createdRange.optional(),
      }),
      params,
    );
    const items = tx.view<Subscription>(
      "subscription",
      (s) =>
        (!p.customer || s.customer === p.customer) &&
        // As on Stripe: subscriptions on a test clock are listed only when the clock or the customer is named.
        (p.test_clock ? s.test_clock === p.test_clock : p.customer ? true : !s.test_clock) &&
        (p.status === "all" ? true : p.status ? s.status === p.status : s.status !== "canceled" && s.status !== "incomplete_expired") &&
        (!p.price || itemsOf(s).some((i) => i.price.id === p.price)) &&
        inCreatedRange(s.created, p.created),
    );
    return listObject(items, p, "/v1/subscriptions");
  });
  router.add("GET", "/v1/subscription_items", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, subscription: str() }), params);
    return listObject(
      itemsOf(mustGet<Subscription>(tx, "subscription", p.subscription, "subscription", "subscription")),
      p,
      "/v1/subscription_items",
    );
  });
  router.add("DELETE", "/v1/subscriptions/:id/discount", (ctx) => {
    const sub = mustGet<Subscription>(ctx.tx, "subscription", ctx.path.id!, "subscription");
    const [first] = (sub.discounts as unknown as string[]).map((id) => ctx.tx.get<Discount>(id)).filter((d) => d !== undefined);
    if (!first) throw invalidRequest(`The subscription ${sub.id} has no discount.`, { code: "resource_missing", status: 404 });
    updateSubscription(ctx, sub.id, { discounts: "" });
    ctx.tx.delete(first.id);
    ctx.emit("customer.discount.deleted", first);
    const { end: _end, ...rest } = first;
    return { ...rest, deleted: true };
  });
  // Adding or removing one item is a subscription update of that item (prorations, invoice and events included).
  router.add("POST", "/v1/subscription_items", (ctx) => {
    const p = parseParams(
      obj({
        subscription: str(),
        price: str(),
        quantity: int().optional(),
        metadata: metadata().optional(),
        proration_behavior: z.enum(["always_invoice", "create_prorations", "none"]).optional(),
        proration_date: int().optional(),
      }),
      ctx.params,
    );
    const sub = mustGet<Subscription>(ctx.tx, "subscription", p.subscription, "subscription", "subscription");
    const before = new Set(itemsOf(sub).map((i) => i.id));
    const after = updateSubscription(ctx, sub.id, {
      items: [{ price: p.price, quantity: p.quantity, metadata: p.metadata }],
      proration_behavior: p.proration_behavior,
      proration_date: p.proration_date,
    });
    return structuredClone(itemsOf(after).find((i) => !before.has(i.id))!);
  });
  router.add("DELETE", "/v1/subscription_items/:id", (ctx) => {
    const p = parseParams(
      obj({ proration_behavior: z.enum(["always_invoice", "create_prorations", "none"]).optional(), clear_usage: bool().optional() }),
      ctx.params,
    );
    const sub = ctx.tx.view<Subscription>("subscription").find((s) => itemsOf(s as Subscription).some((i) => i.id === ctx.path.id));
    if (!sub) throw invalidRequest(`No such subscription item: '${ctx.path.id}'`, { code: "resource_missing", param: "id", status: 404 });
    if (itemsOf(sub as Subscription).length === 1)
      throw invalidRequest("A subscription must have at least one active plan; to cancel it, cancel the subscription.", { param: "id" });
    updateSubscription(ctx, sub.id, { items: [{ id: ctx.path.id, deleted: true }], proration_behavior: p.proration_behavior });
    return { id: ctx.path.id, object: "subscription_item", deleted: true };
  });
  router.add("GET", "/v1/subscription_items/:id", ({ tx, path }) => {
    for (const sub of tx.view<Subscription>("subscription")) {
      const item = itemsOf(sub as Subscription).find((i) => i.id === path.id);
      if (item) return structuredClone(item);
    }
    return mustGet<SubscriptionItem>(tx, "subscription_item", path.id!, "subscription item");
  });
}
