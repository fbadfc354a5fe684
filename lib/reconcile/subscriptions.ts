import "server-only";
import { isDeepStrictEqual } from "node:util";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { requireStripe } from "@/lib/stripe/client";
import { catalogItemForProduct } from "@/lib/catalog/catalog";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { hasEnded } from "@/lib/plans/subscription-states";
import { idOf, periodOf, planItemOf } from "@/lib/stripe/objects";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { subscriptionFields } from "@/lib/billing/sync/subscription-fields";
import { mismatchOnce, repaired, type ReconcileContext } from "./context";
import { reconcileSeats } from "./seats";
import { orgIdsOf, type ReconcileScope } from "./scope";

/** What a list brings expanded, so a subscription compares without another call. */
const LIST_EXPAND = ["data.discounts.source.coupon"];

/** Dates as ISO strings and no Prisma null markers: the form both sides are compared in. */
const comparable = (value: unknown) => JSON.parse(JSON.stringify(value ?? null, (_, v) => (v === undefined ? null : v)));

/** The local mirror of a subscription, plan or add-on, in the fields a reconcile compares. */
async function localMirror(stripeSubscriptionId: string) {
  const plan = await db.subscription.findUnique({
    where: { stripeSubscriptionId },
    select: {
      status: true,
      planCode: true,
      interval: true,
      stripePriceId: true,
      stripeMeteredPriceId: true,
      quantity: true,
      currentPeriodStart: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      cancelAt: true,
      trialEnd: true,
      discount: true,
    },
  });
  if (plan) return comparable({ kind: "plan", ...plan });
  const addOn = await db.orgAddOn.findUnique({
    where: { stripeSubscriptionId },
    select: { status: true, addOnCode: true, currentPeriodEnd: true, cancelAtPeriodEnd: true },
  });
  return addOn ? comparable({ kind: "addon", ...addOn }) : null;
}

/** The same fields as the sync would write them from this copy of the subscription; null when it is not Tollgate's. */
async function mirrorFromStripe(sub: Stripe.Subscription) {
  const catalogItem = await catalogItemForProduct(idOf(planItemOf(sub)?.price.product as string | { id: string } | undefined));
  if (!catalogItem) return null;
  if (catalogItem.kind === "addon") {
    const end = periodOf(sub).end;
    return comparable({
      kind: "addon",
      status: sub.status,
      addOnCode: catalogItem.code,
      currentPeriodEnd: end,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
    });
  }
  const { fields } = subscriptionFields(sub, catalogItem.code);
  const discount = fields.discount === Prisma.DbNull ? null : fields.discount;
  return comparable({
    kind: "plan",
    status: fields.status,
    planCode: fields.planCode,
    interval: fields.interval,
    stripePriceId: fields.stripePriceId,
    stripeMeteredPriceId: fields.stripeMeteredPriceId,
    quantity: fields.quantity,
    currentPeriodStart: fields.currentPeriodStart,
    currentPeriodEnd: fields.currentPeriodEnd,
    cancelAtPeriodEnd: fields.cancelAtPeriodEnd,
    cancelAt: fields.cancelAt,
    trialEnd: fields.trialEnd,
    discount,
  });
}

/**
 * Every subscription of the scope's customers, compared from the list with the mirror. Only one that differs costs
 * another call: it is re-synced from a fresh read under the customer's lock (the listed copy may already be older
 * than an event the worker is applying), and the repair is audited with the mirror before and after.
 */
export async function reconcileSubscriptions(scope: ReconcileScope, ctx: ReconcileContext): Promise<void> {
  const seen = new Set<string>();
  const list = requireStripe().subscriptions.list({ ...scope.listFilter, status: "all", limit: 100, expand: LIST_EXPAND });
  for await (const sub of list) {
    const customerId = idOf(sub.customer);
    const orgId = customerId ? scope.orgByCustomer.get(customerId) : undefined;
    if (!orgId) continue;
    seen.add(sub.id);
    ctx.counts.objectsCompared++;
    const stripeSide = await mirrorFromStripe(sub);
    if (!stripeSide) continue;
    const before = await localMirror(sub.id);
    if (!isDeepStrictEqual(before, stripeSide)) {
      await withCustomerLock(customerId, () => syncSubscription(sub.id, { cause: ctx.cause }));
      const after = await localMirror(sub.id);
      if (!isDeepStrictEqual(before, after))
        await repaired(ctx, orgId, "reconcile.subscription_repaired", { subscription: sub.id, before, after });
    }
    if (stripeSide.kind === "plan") await reconcileSeats(ctx, orgId, sub, stripeSide.planCode);
  }
  await reportLocalOnly(scope, seen, ctx);
}

/** What the comparison above cannot repair: plan subscriptions Stripe doesn't list, and an org paying for two plans. */
async function reportLocalOnly(scope: ReconcileScope, seen: ReadonlySet<string>, ctx: ReconcileContext): Promise<void> {
  const local = await db.subscription.findMany({
    where: { orgId: { in: orgIdsOf(scope) } },
    select: { orgId: true, stripeSubscriptionId: true, status: true },
    orderBy: { createdAt: "asc" },
  });
  for (const sub of local.filter((s) => !seen.has(s.stripeSubscriptionId))) {
    await mismatchOnce(
      ctx,
      sub.orgId,
      "reconcile.subscription_unknown_to_stripe",
      ["subscription", sub.stripeSubscriptionId],
      { localStatus: sub.status },
      "Tollgate has a subscription for this org that Stripe does not list for its customer.",
    );
  }
  const liveByOrg = new Map<string, string[]>();
  for (const sub of local.filter((s) => seen.has(s.stripeSubscriptionId) && !hasEnded(s.status))) {
    liveByOrg.set(sub.orgId, [...(liveByOrg.get(sub.orgId) ?? []), sub.stripeSubscriptionId]);
  }
  for (const [orgId, subscriptions] of liveByOrg) {
    if (subscriptions.length < 2) continue;
    await mismatchOnce(
      ctx,
      orgId,
      "reconcile.two_live_plans",
      ["org", orgId],
      { subscriptions },
      "This org has more than one live plan subscription in Stripe; it pays for both until one is cancelled.",
    );
  }
}
