import { utc } from "@date-fns/utc";
import { addDays } from "date-fns";
// The one rule that turns a subscription's state into what the org gets.
import { hasEnded, isInGoodStanding, isPastDue } from "./subscription-states";

export const FREE_PLAN = "free";

export type Access = "full" | "grace" | "restricted";

export type GoverningSubscription = {
  status: string;
  planCode: string;
  pastDueSince: Date | null;
  currentPeriodEnd: Date | null;
  keepPlanCode: string | null;
  keepPlanUntil: Date | null;
};

export type EffectivePlan = { planCode: string; access: Access; graceEndsAt: Date | null };

/**
 * trialing/active → the plan (or the plan kept until the end of a period paid for
 * before a downgrade); past_due → the plan for `graceDays` from the first failed
 * payment, then restricted (read-only); anything else → Free.
 */
export function effectivePlan(sub: GoverningSubscription | null, now: Date, graceDays: number): EffectivePlan {
  if (!sub) return { planCode: FREE_PLAN, access: "full", graceEndsAt: null };
  const planCode = keptPlan(sub) ?? sub.planCode;
  if (isInGoodStanding(sub.status)) return { planCode, access: "full", graceEndsAt: null };
  if (isPastDue(sub.status)) {
    const graceEndsAt = addDays(sub.pastDueSince ?? now, graceDays, { in: utc });
    return { planCode, access: now < graceEndsAt ? "grace" : "restricted", graceEndsAt };
  }
  return { planCode: FREE_PLAN, access: "full", graceEndsAt: null };
}

function keptPlan(sub: GoverningSubscription): string | null {
  if (!sub.keepPlanCode || !sub.keepPlanUntil || !sub.currentPeriodEnd) return null;
  return sub.keepPlanUntil.getTime() === sub.currentPeriodEnd.getTime() ? sub.keepPlanCode : null;
}

/** Of an org's plan subscriptions, the one that governs it: the newest that has not ended. */
export function governingSubscription<T extends { status: string; createdAt: Date }>(subs: T[]): T | null {
  const live = subs.filter((s) => !hasEnded(s.status));
  live.sort((a, b) => rank(a.status) - rank(b.status) || b.createdAt.getTime() - a.createdAt.getTime());
  return live[0] ?? null;
}

function rank(status: string): number {
  if (isInGoodStanding(status) || isPastDue(status)) return 0;
  return 1;
}
