import "server-only";
import { causedByUser } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { listAddOns } from "./catalog";
import { withCustomerLock } from "./customer-lock";
import { syncSubscription } from "./sync/subscription";
import { ADD_ON_HELD_STATUSES } from "./subscription-states";

/** The add-on catalog beside what the org has bought (live ones, and ones ending at period end). */
export async function orgAddOns(orgId: string) {
  const [available, mine] = await Promise.all([
    listAddOns(),
    db.orgAddOn.findMany({
      where: { orgId, status: { in: ADD_ON_HELD_STATUSES } },
      orderBy: { createdAt: "asc" },
      select: { addOnCode: true, status: true, config: true, currentPeriodEnd: true, cancelAtPeriodEnd: true, createdAt: true },
    }),
  ]);
  const purchased = mine.map(({ addOnCode, ...rest }) => ({ code: addOnCode, ...rest }));
  return { available, purchased };
}

/** Cancels an add-on at the end of its paid period (its own subscription in Stripe). */
export async function cancelAddOn(org: OrgRef, userId: string, code: string) {
  const addOn = await db.orgAddOn.findFirst({ where: { orgId: org.id, addOnCode: code, status: { in: ADD_ON_HELD_STATUSES } } });
  if (!addOn) throw new AppError("addon_not_found", `This organization has no ${code} add-on to cancel.`);
  if (!addOn.cancelAtPeriodEnd) {
    const { stripeCustomerId } = await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { stripeCustomerId: true } });
    await withCustomerLock(stripeCustomerId, async () => {
      await requireStripe().subscriptions.update(
        addOn.stripeSubscriptionId,
        { cancel_at_period_end: true },
        { idempotencyKey: `tollgate-cancel-addon-${addOn.stripeSubscriptionId}` },
      );
      await syncSubscription(addOn.stripeSubscriptionId, { cause: causedByUser(userId) });
    });
  }
  return orgAddOns(org.id);
}
