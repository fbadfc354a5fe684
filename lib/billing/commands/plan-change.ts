import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { planPrice, type Interval, type PlanView } from "@/lib/catalog/catalog";
import { changeSubscription, extraSeats, type ManageableSubscription } from "./manageable-subscription";
import { subscriptionSummary } from "../read/subscription-summary";
import { KEEP_PLAN_KEY, KEEP_UNTIL_KEY } from "../sync/keep-plan";
import { startingQuantity } from "../seats/sync-seat-quantity";
import { meteredItemChange } from "./overage";
import { measureUsage, overLimits, type OverLimit } from "@/lib/usage/measure";

const monthlyCents = (plan: PlanView, interval: Interval) =>
  interval === "year" ? (plan.annualPriceCents ?? 0) / 12 : (plan.monthlyPriceCents ?? 0);

export const targetQuery = z.object({
  plan: z.string().trim().min(1).max(40),
  interval: z.enum(["month", "year"]).default("month"),
  when: z.enum(["now", "period_end"]).optional(),
});

/**
 * What switching to `target` means: the price, and when it applies. Upgrades and interval changes apply now
 * (upgrades charge the prorated difference, a cheaper interval change credits it); a downgrade on the same
 * interval waits for the period's end without proration, so the plan paid for is kept. In a trial everything
 * applies now and nothing is prorated; the trial continues only on a plan that offers one: switching a trial to a
 * plan without one (Team trial → Business) ends the trial now and charges the new plan's first period, so a trial
 * can never be a free way onto a better plan. The preview and changePlan share this description, so the dialog shows what happens.
 */
export async function describePlanChange(sub: ManageableSubscription, target: z.infer<typeof targetQuery>) {
  const { plan, interval } = target;
  const wanted = await planPrice(plan, interval);
  const current = await planPrice(sub.planCode, sub.interval as Interval).catch(() => null);
  if (sub.planCode === plan && sub.interval === interval)
    throw new AppError(
      "conflict",
      `The organization is already on ${wanted.plan.name} billed ${interval === "year" ? "annually" : "monthly"}.`,
    );
  // Onto a per-seat plan the quantity is the org's seats; onto a flat one, one. Upgrade or not is decided on the totals.
  const quantity = await startingQuantity(sub.orgId, plan);
  const upgrade =
    !current || monthlyCents(wanted.plan, interval) * quantity >= monthlyCents(current.plan, sub.interval as Interval) * sub.quantity;
  const when = target.when ?? (upgrade || interval !== sub.interval ? "now" : "period_end");
  if (when === "period_end" && upgrade)
    throw new AppError("bad_request", "Upgrades take effect now; only downgrades can wait for the period end.");
  if (when === "period_end" && interval !== sub.interval)
    throw new AppError("bad_request", 'Changing the billing interval starts a new period now; choose when: "now".');
  const trialing = sub.status === "trialing";
  const endsTrial = trialing && wanted.plan.trialDays === 0;
  const atPeriodEnd = when === "period_end" && !trialing;
  const prorationBehavior: Stripe.SubscriptionUpdateParams.ProrationBehavior =
    trialing || atPeriodEnd ? "none" : upgrade ? "always_invoice" : "create_prorations";
  return { ...wanted, upgrade, atPeriodEnd, endsTrial, prorationBehavior, quantity };
}

export const changePlanInput = targetQuery
  .extend({
    prorationDate: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Switches the plan. Upgrades apply now and charge the prorated difference (at the
 * preview's proration date when given, so the charge matches what was shown).
 * Downgrades apply now with a credit, or at period end: the price switches without
 * proration and the paid-for plan is kept until the period ends. Refused with 409
 * when the target plan's limits are below what the org uses.
 */
export async function changePlan(org: OrgRef, userId: string, input: z.infer<typeof changePlanInput>) {
  let atPeriodEnd = false;
  await changeSubscription(org.id, userId, async (sub) => {
    const change = await describePlanChange(sub, input);
    const over = overLimits(await measureUsage(org.id), change.plan.limits, await extraSeats(org.id));
    if (over.length) throw new AppError("over_limits", overLimitsMessage(change.plan.name, over), { over });
    atPeriodEnd = change.atPeriodEnd;
    return {
      items: [
        { id: sub.stripeItemId, price: change.priceId, quantity: change.quantity },
        ...(await meteredItemChange(sub, input.plan, input.interval)),
      ],
      proration_behavior: change.prorationBehavior,
      payment_behavior: "error_if_incomplete",
      ...(change.endsTrial ? { trial_end: "now" as const } : {}),
      metadata: {
        planCode: input.plan,
        interval: input.interval,
        [KEEP_PLAN_KEY]: atPeriodEnd ? sub.planCode : "",
        [KEEP_UNTIL_KEY]: atPeriodEnd && sub.currentPeriodEnd ? String(Math.floor(sub.currentPeriodEnd.getTime() / 1000)) : "",
      },
      ...(input.prorationDate && !atPeriodEnd ? { proration_date: input.prorationDate } : {}),
    };
  });
  return { effective: atPeriodEnd ? "period_end" : "now", subscription: await subscriptionSummary(org.id) };
}

function overLimitsMessage(planName: string, over: OverLimit[]): string {
  return `${planName} has lower limits than this organization uses: reduce ${over.map((o) => `${o.limit} from ${o.used} to ${o.allowed}`).join(", ")} first.`;
}
