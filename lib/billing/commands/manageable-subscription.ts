import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { causedByUser } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import { requireStripe } from "@/lib/stripe/client";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { syncSubscription } from "../sync/subscription";
import { isManageable } from "@/lib/plans/subscription-states";

export /** The org's plan subscription that can be changed, or 400 no_active_subscription. */
async function manageableSubscription(orgId: string) {
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  if (!sub || !isManageable(sub.status) || !sub.stripeItemId) {
    throw new AppError("no_active_subscription", "This organization has no active subscription; choose a plan to subscribe.");
  }
  return { ...sub, stripeItemId: sub.stripeItemId };
}

export type ManageableSubscription = Awaited<ReturnType<typeof manageableSubscription>>;

/**
 * An admin's change to the org's subscription, decided and applied under the customer's lock: `decide` sees the
 * subscription as it is now (whoever held the lock before has synced its own change), so ten identical requests make
 * one change and the other nine find nothing left to do (a 409 from `decide`). The Stripe call carries an idempotency
 * key naming the state it changes from and what it asks, so a retried request can't apply it twice either. The
 * local mirror is synced before the lock is released, so the audit names the admin. `decide` answers null when the
 * subscription is already as asked (a second click), and nothing is sent.
 */
export async function changeSubscription(
  orgId: string,
  userId: string,
  decide: (sub: ManageableSubscription) => Promise<Stripe.SubscriptionUpdateParams | null>,
): Promise<void> {
  const { stripeCustomerId } = await manageableSubscription(orgId);
  await withCustomerLock(stripeCustomerId, async () => {
    const sub = await manageableSubscription(orgId);
    const params = await decide(sub);
    if (!params) return;
    const key = createHash("sha256")
      .update(JSON.stringify([sub.stripeSubscriptionId, sub.syncedAt.toISOString(), params]))
      .digest("hex");
    await requireStripe().subscriptions.update(sub.stripeSubscriptionId, params, { idempotencyKey: `tollgate-change-${key}` });
    await syncSubscription(sub.stripeSubscriptionId, { cause: causedByUser(userId) });
  });
}

/** Seats bought as add-ons on top of the plan's own (they stay when the plan changes). */
export async function extraSeats(orgId: string): Promise<number> {
  const ent = await getEntitlements(orgId);
  const plan = await db.plan.findUniqueOrThrow({ where: { code: ent.planCode }, select: { limits: true } });
  const base = (plan.limits as { seats: number | null }).seats;
  return ent.limits.seats === null || base === null ? 0 : ent.limits.seats - base;
}
