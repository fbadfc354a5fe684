import "server-only";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { requeueStrandedSenders } from "./send-meter-events";
import { alertThresholds, recordUsageAlerts } from "./usage-alerts";

/**
 * Records the usage alerts a current period's count has reached but no run recorded (the run's commit and its alert
 * are two steps, and a process can die between them). Only counters at half their plan's runs or more are looked at.
 */
export async function catchUpUsageAlerts(): Promise<number> {
  const counters = await db.$queryRaw<{ orgId: string; periodStart: Date; count: number }[]>`
    select c."orgId", c."periodStart", c."count" from "UsageCounter" c
    join "Organization" o on o."id" = c."orgId" join "Plan" p on p."code" = o."planCode"
    where c."meter" = 'runs' and c."periodStart" > now() - interval '32 days'
      and (p."limits"->>'runsPerMonth') is not null and c."count" * 2 >= (p."limits"->>'runsPerMonth')::int`;
  let recorded = 0;
  for (const c of counters) {
    const ent = await getEntitlements(c.orgId);
    if (ent.period.start.getTime() !== c.periodStart.getTime()) continue;
    recorded += await recordUsageAlerts(
      ent,
      c.count,
      alertThresholds(ent).filter((a) => a.at <= c.count),
    );
  }
  return recorded;
}

/** The usage sweep: meter-event senders for what was left pending, and the alerts that were missed. */
export async function sweepUsage() {
  const senders = await requeueStrandedSenders();
  return { sendersRequeued: senders.requeued, alertsRecorded: await catchUpUsageAlerts() };
}
