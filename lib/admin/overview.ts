import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { calendarMonth } from "@/lib/plans/counting-period";
import { EARNING_STATUSES } from "@/lib/plans/subscription-states";
import { db } from "@/lib/db";
import { platformReport } from "@/lib/platform-health/report";
import { recentSnapshots, utcDay } from "@/lib/platform-health/snapshots";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

/**
 * What the console's overview shows: the platform report, plus orgs by plan and status, trial conversion (trials that
 * ended in the last 90 days and are now paying), churn this month (paid subscriptions that ended this month, against
 * those paying plus those ended), and 90 days of snapshots for the charts.
 */
export async function consoleOverview(viewer: Viewer, now = new Date()) {
  assertOperator(viewer);
  const month = calendarMonth(now);
  const [report, byPlanStatus, trials, churn, history] = await Promise.all([
    platformReport(now),
    db.organization.groupBy({ by: ["planCode", "subscriptionStatus"], _count: true }),
    db.$queryRaw<{ ended: bigint; converted: bigint }[]>`
      select count(*) as ended, count(*) filter (where "status" = any(${EARNING_STATUSES})) as converted
      from "Subscription" where "trialEnd" is not null and "trialEnd" <= ${now} and "trialEnd" > ${subDays(now, 90, { in: utc })}`,
    db.$queryRaw<{ churned: bigint; paying: bigint }[]>`
      select count(*) filter (where "status" = 'canceled' and "canceledAt" >= ${month.start} and ("trialEnd" is null or "trialEnd" < "canceledAt")) as churned,
             count(*) filter (where "status" = any(${EARNING_STATUSES})) as paying
      from "Subscription"`,
    recentSnapshots(90, now),
  ]);
  const ended = Number(trials[0]!.ended);
  const churned = Number(churn[0]!.churned);
  const base = Number(churn[0]!.paying) + churned;
  const mrr = report.capacity.mrrCents;
  const today = utcDay(now).toISOString().slice(0, 10);
  return {
    report,
    mrrCents: mrr,
    arrCents: mrr * 12,
    meteredCents: report.capacity.meteredCents,
    orgsByPlan: byPlanStatus.map((g) => ({ planCode: g.planCode, status: g.subscriptionStatus, count: g._count })),
    trialConversion: {
      ended,
      converted: Number(trials[0]!.converted),
      percent: ended ? Math.round((Number(trials[0]!.converted) / ended) * 1000) / 10 : null,
    },
    churnThisMonth: { churned, base, percent: base ? Math.round((churned / base) * 1000) / 10 : null },
    // The charts end on the figures the headline shows: today's point is measured now, not the last snapshot's.
    history: [...history.filter((s) => s.day !== today), { day: today, ...report.capacity }].map((s) => ({
      day: s.day,
      orgs: s.orgsTotal,
      active: s.orgsActive,
      trialing: s.orgsTrialing,
      pastDue: s.orgsPastDue,
      mrr: s.mrrCents / 100,
      metered: s.meteredCents / 100,
      runs: s.runsThisPeriod,
    })),
  };
}
