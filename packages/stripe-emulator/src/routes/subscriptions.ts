import { z } from "zod";
import { invalidRequest, wrongState } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { bool, int, metadata, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import type { Tx } from "../store/store";
import { type Discount } from "../domain/discount-rules";
import { billPeriod, itemsOf, movePeriod, setStatus, type Subscription, type SubscriptionItem } from "../domain/subscription-lifecycle";
import { addInterval, nowFor } from "../domain/time";
import { mustGet } from "../domain/common";
import { createSubscription } from "../domain/create-subscription";
import { createSubscriptionParams, paymentBehaviorParam, updateSubscriptionParams } from "../domain/subscription-params";
import { cancelSubscription, updateSubscription } from "../domain/subscriptions";

export function registerSubscriptions(router: Router): void {
  router.add("POST", "/v1/subscriptions", (ctx) => createSubscription(ctx, parseParams(createSubscriptionParams, ctx.params)));
  router.add("GET", "/v1/subscriptions/:id", ({ tx, path }) => mustGet<Subscription>(tx, "subscription", path.id!, "subscription"));
  router.add("POST", "/v1/subscriptions/:id", (ctx) =>
    updateSubscription(ctx, ctx.path.id!, parseParams(updateSubscriptionParams, ctx.params)),
  );
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
    const sub = subscriptionOfItem(ctx.tx, ctx.path.id!);
    if (itemsOf(sub).length === 1)
      throw invalidRequest("A subscription must have at least one active plan; to cancel it, cancel the subscription.", { param: "id" });
    updateSubscription(ctx, sub.id, { items: [{ id: ctx.path.id, deleted: true }], proration_behavior: p.proration_behavior });
    return { id: ctx.path.id, object: "subscription_item", deleted: true };
  });
  // Changing one item's price or quantity is a subscription update of that item, as adding one is.
  router.add("POST", "/v1/subscription_items/:id", (ctx) => {
    const p = parseParams(
      obj({
        price: str().optional(),
        quantity: int().optional(),
        metadata: metadata().optional(),
        proration_behavior: z.enum(["always_invoice", "create_prorations", "none"]).optional(),
        proration_date: int().optional(),
        payment_behavior: paymentBehaviorParam.optional(),
        off_session: bool().optional(),
        expand: z.unknown().optional(),
      }),
      ctx.params,
    );
    if (p.quantity !== undefined && p.quantity < 0) throw invalidRequest("Invalid quantity: must be at least 0.", { param: "quantity" });
    const sub = subscriptionOfItem(ctx.tx, ctx.path.id!);
    const after = updateSubscription(ctx, sub.id, {
      items: [{ id: ctx.path.id, price: p.price, quantity: p.quantity, metadata: p.metadata }],
      proration_behavior: p.proration_behavior,
      proration_date: p.proration_date,
      payment_behavior: p.payment_behavior,
      off_session: p.off_session,
    });
    return structuredClone(itemsOf(after).find((i) => i.id === ctx.path.id)!);
  });
  router.add("GET", "/v1/subscription_items/:id", ({ tx, path }) => {
    for (const sub of tx.view<Subscription>("subscription")) {
      const item = itemsOf(sub as Subscription).find((i) => i.id === path.id);
      if (item) return structuredClone(item);
    }
    return mustGet<SubscriptionItem>(tx, "subscription_item", path.id!, "subscription item");
  });
}

/** The subscription an item belongs to; 404 as Stripe answers for an unknown item. */
function subscriptionOfItem(tx: Tx, itemId: string): Subscription {
  const sub = tx.view<Subscription>("subscription").find((s) => itemsOf(s as Subscription).some((i) => i.id === itemId));
  if (!sub) throw invalidRequest(`No such subscription item: '${itemId}'`, { code: "resource_missing", param: "id", status: 404 });
  return sub as Subscription;
}
