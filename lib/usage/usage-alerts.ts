import "server-only";
import { recordBillingEmail } from "@/lib/billing-emails/outbox";
import type { UsageAlertData } from "@/lib/billing-emails/render/subscription-templates";
import { db } from "@/lib/db";
import type { Entitlements } from "@/lib/entitlements/entitlements";
import { log } from "@/lib/log";

/** The thresholds, in percent of the included runs and of the spending cap, at which owners are told. */
export const ALERT_PERCENTS = [50, 80, 100] as const;

export type UsageAlert = { measure: "allowance" | "cap"; percent: number; at: number };

/**
 * Each threshold as the period's run count that reaches it. A cap's thresholds count runs beyond the allowance, and
 * its 100 % is the last run the cap lets through (a cap that isn't a whole number of runs is never reached exactly).
 */
export function alertThresholds(ent: Pick<Entitlements, "limits" | "overage">): UsageAlert[] {
  const allowed = ent.limits.runsPerMonth;
  if (allowed === null || allowed <= 0) return [];
  const alerts: UsageAlert[] = ALERT_PERCENTS.map((percent) => ({
    measure: "allowance",
    percent,
    at: Math.ceil((allowed * percent) / 100),
  }));
  const { mode, capCents, runPriceCents } = ent.overage;
  if (mode !== "metered" || capCents === null || !runPriceCents) return alerts;
  const lastRun = Math.floor(capCents / runPriceCents);
  if (lastRun === 0) return alerts;
  for (const percent of ALERT_PERCENTS)
    alerts.push({ measure: "cap", percent, at: allowed + Math.min(Math.ceil((capCents * percent) / 100 / runPriceCents), lastRun) });
  return alerts;
}

/** The alerts the run that took the count to `count` crossed (each count is reached by one run only). */
export const alertsCrossedAt = (ent: Pick<Entitlements, "limits" | "overage">, count: number) =>
  alertThresholds(ent).filter((a) => a.at === count);

/**
 * Records, through the billing email outbox, each alert of `alerts` not yet recorded for the period: its cause key
 * names the org, the period, the measure and the percent, so a threshold mails once however often it is looked at.
 */
export async function recordUsageAlerts(ent: Entitlements, count: number, alerts: UsageAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const allowed = ent.limits.runsPerMonth ?? 0;
  let recorded = 0;
  await db.$transaction(async (tx) => {
    for (const alert of alerts) {
      const overageRuns = Math.max(0, count - allowed);
      const data: UsageAlertData = {
        measure: alert.measure,
        percent: alert.percent,
        planName: ent.planName,
        runs: count,
        allowed,
        mode: ent.overage.mode,
        runPriceCents: ent.overage.runPriceCents,
        overageCents: ent.overage.mode === "metered" ? overageRuns * (ent.overage.runPriceCents ?? 0) : 0,
        capCents: ent.overage.capCents,
        currency: "usd",
        periodEnd: ent.period.end.toISOString(),
      };
      const causeKey = `${ent.orgId}:${ent.period.start.toISOString()}:${alert.measure}:${alert.percent}`;
      if (await recordBillingEmail(tx, { kind: "usage_alert", causeKey, orgId: ent.orgId, data })) recorded++;
    }
  });
  return recorded;
}

/**
 * After a run is recorded: the alerts it crossed. The run has committed, so a failure here is logged, not thrown (the
 * usage sweep records what was missed).
 */
export async function alertAfterRun(ent: Entitlements, count: number): Promise<void> {
  const crossed = alertsCrossedAt(ent, count);
  if (crossed.length === 0) return;
  await recordUsageAlerts(ent, count, crossed).catch((err: unknown) =>
    log().warn({ orgId: ent.orgId, reason: err instanceof Error ? err.message : String(err) }, "usage alert not recorded; the sweep will"),
  );
}
