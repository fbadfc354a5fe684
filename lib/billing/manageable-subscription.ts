import "server-only";
import { causedByUser } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import { withCustomerLock } from "./customer-lock";
import { governingSubscription } from "./effective-plan";
import { syncSubscription } from "./sync/subscription";
import { isManageable } from "./subscription-states";

export /** The org's plan subscription that can be changed, or 400 no_active_subscription. */
async function manageableSubscription(orgId: string) {
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  if (!sub || !isManageable(sub.status) || !sub.stripeItemId) {
    throw new AppError("no_active_subscription", "This organization has no active subscription; choose a plan to subscribe.");
  }
  return { ...sub, stripeItemId: sub.stripeItemId };
}

export type ManageableSubscription = Awaited<ReturnType<typeof manageableSubscription>>;

/** An admin's change: made in Stripe and mirrored locally under the customer's lock, so the audit names the admin. */
export async function applyAndSync(
  sub: { stripeCustomerId: string; stripeSubscriptionId: string },
  userId: string,
  change: () => Promise<unknown>,
) {
  await withCustomerLock(sub.stripeCustomerId, async () => {
    await change();
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
