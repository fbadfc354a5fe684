import "server-only";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { governingSubscription } from "@/lib/plans/effective-plan";
import type { DiscountSummary } from "@/lib/stripe/objects";
import { measureUsage } from "@/lib/usage/measure";

/** What the billing page and `GET …/billing/subscription` show: plan, status, period, trial, cancel flag, usage against limits. */
export async function subscriptionSummary(orgId: string) {
  const ent = await getEntitlements(orgId);
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  const usage = await measureUsage(orgId, ent);
  const meter = (used: number, allowed: number | null) => ({ used, allowed, unlimited: allowed === null });
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  return {
    plan: { code: ent.planCode, name: ent.planName },
    status: ent.status,
    access: ent.access,
    graceEndsAt: iso(ent.graceEndsAt),
    subscription: sub
      ? {
          id: sub.stripeSubscriptionId,
          planCode: sub.planCode,
          interval: sub.interval,
          /** The plan item's quantity on Stripe: the seats billed on a per-seat plan. */
          quantity: sub.quantity,
          status: sub.status,
          currentPeriodStart: iso(sub.currentPeriodStart),
          currentPeriodEnd: iso(sub.currentPeriodEnd),
          trialEnd: iso(sub.trialEnd),
          cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
          cancelAt: iso(sub.cancelAt),
          pendingDowngrade:
            sub.keepPlanCode && sub.keepPlanUntil?.getTime() === sub.currentPeriodEnd?.getTime()
              ? { to: sub.planCode, at: iso(sub.keepPlanUntil) }
              : null,
          paymentMethod: sub.paymentMethod,
          discount: sub.discount as DiscountSummary | null,
        }
      : null,
    features: ent.features,
    addOns: ent.addOns,
    usage: {
      projects: meter(usage.projects, ent.limits.projects),
      seats: meter(usage.seats, ent.limits.seats),
      runs: { ...meter(usage.runs, ent.limits.runsPerMonth), periodStart: iso(ent.period.start), periodEnd: iso(ent.period.end) },
    },
  };
}
