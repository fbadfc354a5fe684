import "server-only";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { archiveEndedSubscriptions } from "@/lib/billing/scheduled/archive-subscriptions";
import { restrictExpiredGracePeriods } from "@/lib/billing/scheduled/grace-sweep";
import { checkUsageCounters } from "@/lib/usage/usage-counters";
import { sweepUsage } from "@/lib/usage/usage-sweep";
import { createReconcileRun, SCHEDULED_RECONCILE_TASK } from "@/lib/reconcile/reconcile-runs";
import { runReconcile } from "@/lib/reconcile/run-reconcile";
import { storedProgress } from "@/lib/reconcile/stored-progress";
import { resyncStaleSubscriptions } from "@/lib/billing/scheduled/stale-subscriptions";
import { checkTrialExpirations } from "@/lib/billing/scheduled/trial-expirations";
import { db } from "@/lib/db";
import { captureSnapshot } from "@/lib/platform-health/snapshots";
import { pruneStripeEvents } from "@/lib/webhooks/retention";
import { isSelfHosted } from "@/lib/license/installation";

export const CLEANUP_TASK = "cleanup_stale_subscriptions";

type JobSummary = Record<string, string | number | boolean | null>;

export type ScheduledJob = {
  name: string;
  /** graphile-worker crontab syntax, UTC */
  schedule: string;
  description: string;
  run: () => Promise<JobSummary>;
};

/** Every job on the worker's crontab; each run is recorded as a JobRun, and an operator can start one at any time. */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  {
    name: "billing_grace_sweep",
    schedule: "*/5 * * * *",
    description: "Restricts past-due orgs whose grace period has run out.",
    run: async () => ({ restricted: (await restrictExpiredGracePeriods()).length }),
  },
  {
    name: SCHEDULED_RECONCILE_TASK,
    schedule: "0 * * * *",
    description: "Reconciles every org with Stripe and replays the events Stripe could not deliver.",
    run: async (): Promise<JobSummary> => {
      if (isSelfHosted()) return { skipped: "self-hosted: no Stripe" };
      const run = await createReconcileRun({}, "schedule");
      const progress = storedProgress(run.id);
      await runReconcile(run.id, { progress: progress.report }).finally(() => progress.flush());
      const done = await db.reconcileRun.findUniqueOrThrow({ where: { id: run.id } });
      return { reconcileRun: run.id, status: done.status, ...(done.counts as JobSummary) };
    },
  },
  {
    name: "usage_sweep",
    schedule: "*/5 * * * *",
    description:
      "Queues a sender for meter events left pending with none queued (after a long Stripe outage) and records usage alerts a run missed.",
    run: async () => sweepUsage(),
  },
  {
    name: "capture_capacity_snapshot",
    schedule: "5 0 * * *",
    description: "Records the platform's size for the day: orgs, subscriptions, usage, limits, credits, MRR.",
    run: async () => {
      const { snapshot, created } = await captureSnapshot();
      return { day: snapshot.day, created, orgs: snapshot.orgsTotal, mrrCents: snapshot.mrrCents };
    },
  },
  {
    name: "check_trial_expirations",
    schedule: "15 0 * * *",
    description: "Makes trials past their end agree with Stripe: converted ones active, the others on Free.",
    run: async () =>
      isSelfHosted() ? { skipped: "self-hosted: no Stripe" } : checkTrialExpirations(causedBySystem("check_trial_expirations")),
  },
  {
    name: "reset_period_counters",
    schedule: "25 0 * * *",
    description:
      "Checks that every live subscription has its current period's usage counter (usage is counted per period; nothing is reset).",
    run: async () => checkUsageCounters(),
  },
  {
    name: CLEANUP_TASK,
    schedule: "0 3 * * 0",
    description: "Archives long-ended subscriptions, re-reads abandoned incomplete ones, prunes old webhook payloads.",
    run: async () => {
      const archived = await archiveEndedSubscriptions();
      const resynced = isSelfHosted() ? 0 : await resyncStaleSubscriptions(causedBySystem(CLEANUP_TASK));
      const pruned = await pruneStripeEvents();
      return { archived, resynced, ...pruned };
    },
  },
];

export const scheduledJob = (name: string) => SCHEDULED_JOBS.find((j) => j.name === name) ?? null;
