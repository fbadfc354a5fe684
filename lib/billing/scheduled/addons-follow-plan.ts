import "server-only";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { ADD_ON_HELD_STATUSES, hasEnded } from "@/lib/plans/subscription-states";
import { syncSubscription } from "../sync/subscription";
import { ALIGN_ADDONS_TASK, ENDS_WITH_PLAN } from "../sync/addon-alignment-queue";

// Add-ons extend a plan, so they follow it: when the plan is set to end (in the app, the Customer Portal or Stripe's
// Dashboard), each add-on stops renewing and ends at the close of the period already paid for it (nothing is refunded,
// nothing more is charged); when the plan's cancellation is undone, the add-ons that were ending only because of it
// renew again. An add-on the admin cancelled on its own stays cancelled: the mark below tells the two apart.

/** Brings every add-on of the org in line with its plan, from Stripe's current state; safe to run any number of times. */
export async function alignAddOnsWithPlan(orgId: string): Promise<void> {
  const [org, subs, addOns] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { stripeCustomerId: true } }),
    db.subscription.findMany({ where: { orgId }, select: { status: true, createdAt: true, cancelAtPeriodEnd: true } }),
    db.orgAddOn.findMany({ where: { orgId, status: { in: ADD_ON_HELD_STATUSES } }, select: { stripeSubscriptionId: true } }),
  ]);
  const plan = governingSubscription(subs);
  const planEnding = !plan || plan.cancelAtPeriodEnd || hasEnded(plan.status);
  const stripe = requireStripe();
  for (const { stripeSubscriptionId: id } of addOns) {
    await withCustomerLock(org.stripeCustomerId, async () => {
      const current = await stripe.subscriptions.retrieve(id);
      if (hasEnded(current.status)) return;
      const markedByUs = current.metadata?.[ENDS_WITH_PLAN] === "true";
      if (planEnding && !current.cancel_at_period_end) {
        await stripe.subscriptions.update(id, { cancel_at_period_end: true, metadata: { [ENDS_WITH_PLAN]: "true" } });
      } else if (!planEnding && current.cancel_at_period_end && markedByUs) {
        await stripe.subscriptions.update(id, { cancel_at_period_end: false, metadata: { [ENDS_WITH_PLAN]: "" } });
      } else {
        return;
      }
      await syncSubscription(id, { cause: causedBySystem(ALIGN_ADDONS_TASK) });
    });
  }
}
