import "server-only";
import { db } from "@/lib/db";
import { countingPeriod } from "@/lib/plans/counting-period";
import { LIVE_STATUSES } from "@/lib/plans/subscription-states";

export type CounterCheck = { live: number; present: number; started: number };

/**
 * Usage is counted per billing period, a new period being a new counter row, so nothing is ever reset. This checks
 * that every live subscription's org has its current period's runs counter, and starts any that is missing from the
 * runs already recorded in the period (as the first run of a period would), so a report never reads a stale one.
 */
export async function checkUsageCounters(now = new Date()): Promise<CounterCheck> {
  const live = await db.subscription.findMany({
    where: { status: { in: LIVE_STATUSES }, currentPeriodStart: { not: null }, currentPeriodEnd: { not: null } },
    select: { orgId: true, currentPeriodStart: true, currentPeriodEnd: true, interval: true },
  });
  const periods = live.map((s) => ({
    orgId: s.orgId,
    ...countingPeriod({ currentPeriodStart: s.currentPeriodStart!, currentPeriodEnd: s.currentPeriodEnd!, interval: s.interval }, now),
  }));
  const existing = await db.usageCounter.findMany({
    where: { meter: "runs", orgId: { in: periods.map((p) => p.orgId) }, periodStart: { in: [...new Set(periods.map((p) => p.start))] } },
    select: { orgId: true, periodStart: true },
  });
  const have = new Set(existing.map((c) => `${c.orgId}:${c.periodStart.getTime()}`));
  let started = 0;
  for (const p of periods) {
    if (have.has(`${p.orgId}:${p.start.getTime()}`)) continue;
    started += await db.$executeRaw`
      insert into "UsageCounter" ("orgId", "meter", "periodStart", "count")
      values (${p.orgId}, 'runs', ${p.start},
              (select count(*)::int from "Run" where "orgId" = ${p.orgId} and "createdAt" >= ${p.start} and "createdAt" < ${p.end}))
      on conflict do nothing`;
  }
  return { live: live.length, present: live.length - started, started };
}
