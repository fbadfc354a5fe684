// Scaling advice from the platform's figures: each rule names its threshold, so both sides of it can be tested.
import type { PlatformHealth } from "./health";
import type { SubscriptionCapacity } from "./subscription-capacity";

type Severity = "info" | "warning" | "critical";
export type Recommendation = { category: string; severity: Severity; title: string; description: string; action: string };

export const THRESHOLDS = {
  capacityWarningPercent: 80,
  capacityCriticalPercent: 95,
  pastDueWarningPercent: 5,
  pastDueCriticalPercent: 10,
  webhookFailureWarningPercent: 1,
  webhookFailureCriticalPercent: 5,
  queueLagWarningSeconds: 60,
  queueLagCriticalSeconds: 300,
} as const;

/** How big a deployment the number of orgs calls for; `upTo` is exclusive, the last tier has none. */
export const SIZING_TABLE = [
  { tier: "starter", upTo: 1_000, app: 1, workers: 1, database: "2 vCPU, 4 GB RAM" },
  { tier: "growth", upTo: 10_000, app: 2, workers: 2, database: "4 vCPU, 16 GB RAM" },
  { tier: "scale", upTo: 50_000, app: 4, workers: 4, database: "8 vCPU, 32 GB RAM and a read replica" },
  {
    tier: "enterprise",
    upTo: null,
    app: 8,
    workers: 8,
    database: "16 vCPU, 64 GB RAM, a read replica and partitioned event and audit tables",
  },
] as const;

export const tierFor = (orgs: number) => SIZING_TABLE.find((t) => t.upTo === null || orgs < t.upTo)!;

export type RecommendationInput = {
  capacity: SubscriptionCapacity;
  orgs: { total: number; active: number; pastDue: number; projectedIn30Days: number | null };
  health: PlatformHealth;
};

const level = (value: number, warning: number, critical: number): Severity | null =>
  value >= critical ? "critical" : value >= warning ? "warning" : null;

const LABEL: Record<string, string> = { projects: "Projects", seats: "Seats", runsPerMonth: "Runs this period" };

export function recommendations({ capacity, orgs, health }: RecommendationInput): Recommendation[] {
  const out: Recommendation[] = [];
  for (const [resource, c] of Object.entries(capacity.resources)) {
    if (c.utilization_percent === null) continue;
    const severity = level(c.utilization_percent, THRESHOLDS.capacityWarningPercent, THRESHOLDS.capacityCriticalPercent);
    if (!severity) continue;
    out.push({
      category: "capacity",
      severity,
      title: `${LABEL[resource] ?? resource} at ${c.utilization_percent}% of what the plans allow`,
      description: `${c.actual.toLocaleString("en-US")} of ${c.theoretical_limit.toLocaleString("en-US")} in use across limited orgs (${c.headroom.toLocaleString("en-US")} left).`,
      action: "Check the heaviest orgs for an upgrade conversation, and size the infrastructure for the limits rather than today's use.",
    });
  }

  const tier = tierFor(orgs.total);
  const projected = orgs.projectedIn30Days === null ? null : tierFor(orgs.projectedIn30Days);
  const movingUp = projected !== null && projected.tier !== tier.tier;
  out.push({
    category: "infrastructure",
    severity: movingUp ? "warning" : "info",
    title: movingUp ? `Growing into the ${projected.tier} tier within 30 days` : `Infrastructure tier: ${tier.tier}`,
    description: `${orgs.total.toLocaleString("en-US")} orgs${orgs.projectedIn30Days === null ? "" : `, about ${orgs.projectedIn30Days.toLocaleString("en-US")} in 30 days`}. The ${tier.tier} tier runs ${tier.app} app and ${tier.workers} worker processes on PostgreSQL with ${tier.database}.`,
    action: movingUp
      ? `Plan for ${projected.app} app and ${projected.workers} worker processes and PostgreSQL with ${projected.database}.`
      : "No change needed.",
  });

  const paying = orgs.active + orgs.pastDue;
  if (paying > 0) {
    const rate = Math.round((orgs.pastDue / paying) * 10_000) / 100;
    const severity = level(rate, THRESHOLDS.pastDueWarningPercent, THRESHOLDS.pastDueCriticalPercent);
    if (severity)
      out.push({
        category: "revenue",
        severity,
        title: `${rate}% of paying orgs are past due`,
        description: `${orgs.pastDue} of ${paying} paying orgs have an unpaid invoice.`,
        action: "Check Stripe's retry settings and the failed-payment emails; look for a common card issuer or decline code.",
      });
  }

  const failure = health.webhooks.failure_rate_percent;
  const webhookSeverity =
    failure === null ? null : level(failure, THRESHOLDS.webhookFailureWarningPercent, THRESHOLDS.webhookFailureCriticalPercent);
  if (webhookSeverity)
    out.push({
      category: "webhooks",
      severity: webhookSeverity,
      title: `${failure}% of webhook events failed in 24 hours`,
      description: `${health.webhooks.failed_24h} of ${health.webhooks.received_24h} events received in 24 hours failed processing.`,
      action: "Read the failed events' last errors in the console's Webhooks view, fix the cause, then retry them.",
    });

  const lag = health.queue.oldest_ready_seconds;
  const lagSeverity = level(lag, THRESHOLDS.queueLagWarningSeconds, THRESHOLDS.queueLagCriticalSeconds);
  if (lagSeverity)
    out.push({
      category: "queue",
      severity: lagSeverity,
      title: `The job queue is ${lag} s behind`,
      description: `${health.queue.ready_jobs} jobs are ready and waiting; the oldest has waited ${lag} s.`,
      action: "Add worker processes (WORKER_CONCURRENCY or more workers), and check for a job that holds a slot too long.",
    });
  return out;
}
