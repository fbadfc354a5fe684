import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { bool, int, list, obj, parseParams, str } from "../http/params";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import { draftInvoice } from "./invoice-lifecycle";
import { itemsOf, nextPeriod, pendingItemLines, periodLines, periodOf, type Subscription } from "./subscription-lifecycle";
import { addInterval, nowFor, remainingShare } from "./time";
import type { Price } from "./catalog";
import type { Customer } from "./customers";
import { mustGet } from "./common";

const previewParams = obj({
  customer: str().optional(),
  subscription: str().optional(),
  subscription_details: obj({
    items: list(obj({ id: str().optional(), price: str().optional(), quantity: int().optional(), deleted: bool().optional() })).optional(),
    proration_behavior: z.enum(["create_prorations", "none", "always_invoice"]).optional(),
    proration_date: int().optional(),
    cancel_at_period_end: bool().optional(),
    billing_cycle_anchor: z.enum(["now", "unchanged"]).optional(),
    trial_end: z.union([z.literal("now"), int()]).optional(),
  }).optional(),
});

/**
 * The invoice a subscription would produce next (createPreview). With proposed
 * item changes it shows their prorations: with always_invoice (or a new
 * interval) the invoice that would be charged now, otherwise the next renewal.
 * Nothing is stored.
 */
export function previewInvoice(ctx: ApiContext): Stripe.Invoice {
  const p = parseParams(previewParams, ctx.params);
  const { tx } = ctx;
  const sub = p.subscription ? mustGet<Subscription>(tx, "subscription", p.subscription, "subscription", "subscription") : null;
  const customerId = p.customer ?? (sub?.customer as string | undefined);
  if (!customerId) throw invalidRequest("Missing required param: customer.", { param: "customer", code: "parameter_missing" });
  const customer = mustGet<Customer>(tx, "customer", customerId, "customer", "customer");
  const at = p.subscription_details?.proration_date ?? nowFor(tx, customer.id, ctx.now);
  if (!sub)
    throw invalidRequest("This emulator previews invoices of existing subscriptions; pass `subscription`.", { param: "subscription" });
  const { start, end } = periodOf(sub);
  const label = (price: Price) => tx.get<Stored & { name: string }>(price.product as string)?.name ?? price.nickname ?? price.id;
  const changes = p.subscription_details?.items ?? [];
  const behaviour = p.subscription_details?.proration_behavior ?? "create_prorations";
  let proposed = itemsOf(sub).map((i) => ({ id: i.id, price: i.price as Price, quantity: i.quantity ?? 1, old: i }));
  const prorations: { amount: number; description: string; price: Price; quantity: number; item: string }[] = [];
  let intervalChanged = false;
  for (const change of changes) {
    const existing = proposed.find((i) => i.id === change.id);
    if (change.deleted && existing) {
      proposed = proposed.filter((i) => i !== existing);
      prorations.push({
        amount: -Math.round((existing.price.unit_amount ?? 0) * existing.quantity * remainingShare(start, end, at)),
        description: `Unused time on ${existing.quantity} × ${label(existing.price)}`,
        price: existing.price,
        quantity: existing.quantity,
        item: existing.id,
      });
      continue;
    }
    const price = change.price ? mustGet<Price>(tx, "price", change.price, "price", "subscription_details[items][price]") : existing?.price;
    if (!price) continue;
    const quantity = change.quantity ?? existing?.quantity ?? 1;
    if (existing && existing.price.recurring?.interval !== price.recurring?.interval) intervalChanged = true;
    if (existing) {
      const share = remainingShare(start, end, at);
      prorations.push({
        amount: -Math.round((existing.price.unit_amount ?? 0) * existing.quantity * share),
        description: `Unused time on ${existing.quantity} × ${label(existing.price)}`,
        price: existing.price,
        quantity: existing.quantity,
        item: existing.id,
      });
      if (!intervalChanged)
        prorations.push({
          amount: Math.round((price.unit_amount ?? 0) * quantity * share),
          description: `Remaining time on ${quantity} × ${label(price)}`,
          price,
          quantity,
          item: existing.id,
        });
      existing.price = price;
      existing.quantity = quantity;
    } else proposed.push({ id: "new", price, quantity, old: null as never });
  }
  const pending = pendingItemLines(tx, customer.id, sub.id);
  const prorationLines = (behaviour === "none" ? [] : prorations).map((pr) => ({
    amount: pr.amount,
    description: pr.description,
    periodStart: at,
    periodEnd: end,
    price: pr.price,
    quantity: pr.quantity,
    proration: true,
    subscription: sub.id,
    subscriptionItem: pr.item,
    invoiceItem: null,
  }));
  // Ending a trial now bills the (proposed) plan's first full period at once, with no proration.
  const endsTrial = p.subscription_details?.trial_end === "now" && sub.status === "trialing";
  const immediate = behaviour === "always_invoice" || intervalChanged || endsTrial;
  let lines;
  let periodStart = start;
  let periodEnd = end;
  if (intervalChanged || endsTrial) {
    const first = proposed[0]!.price.recurring!;
    periodStart = at;
    periodEnd = addInterval(at, first.interval as "month", first.interval_count);
    const fake = {
      ...sub,
      items: { ...sub.items, data: proposed.map((i) => ({ ...i.old, price: i.price, quantity: i.quantity })) },
    } as Subscription;
    lines = [...(endsTrial ? [] : prorationLines), ...pending, ...periodLines(tx, fake, periodStart, periodEnd)];
  } else if (immediate) {
    lines = [...pending, ...prorationLines];
  } else {
    const next = nextPeriod(sub, end);
    periodStart = next.start;
    periodEnd = next.end;
    const fake = {
      ...sub,
      items: { ...sub.items, data: proposed.map((i) => ({ ...i.old, price: i.price, quantity: i.quantity })) },
    } as Subscription;
    // The next renewal: the next period of licensed items and the usage of this one so far (every event timestamped
    // in it: a test clock's frozen time may lag the events' own times, which Stripe accepts up to 5 minutes ahead).
    lines = [...pending, ...prorationLines, ...periodLines(tx, fake, periodStart, periodEnd, { start, end })];
  }
  // Build it in a throwaway transaction view: nothing of the preview is kept.
  const scratch: Stored[] = [];
  const previewCtx = {
    ...ctx,
    tx: {
      ...tx,
      put: <T extends Stored>(o: T) => (scratch.push(o), o),
      get: tx.get.bind(tx),
      all: tx.all.bind(tx),
    } as unknown as ApiContext["tx"],
    now: at,
    emit: () => {},
  };
  const draft = draftInvoice(previewCtx, {
    customer,
    subscription: sub,
    billingReason: immediate ? "subscription_update" : "subscription_cycle",
    lines,
    periodStart,
    periodEnd,
    at: immediate ? at : periodStart,
    currency: sub.currency,
  });
  return {
    ...draft,
    id: `upcoming_${draft.id.slice(3)}`,
    lines: { ...draft.lines, url: `/v1/invoices/upcoming/lines` },
  } as unknown as Stripe.Invoice;
}
