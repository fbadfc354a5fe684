import "server-only";
import { causedByUser } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { orgAddOns } from "../read/org-add-ons";
import { syncSubscription } from "../sync/subscription";
import { ADD_ON_HELD_STATUSES } from "@/lib/plans/subscription-states";

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
