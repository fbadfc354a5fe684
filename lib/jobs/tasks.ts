import "server-only";
import type { Task, TaskList } from "graphile-worker";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import { restrictExpiredGracePeriods } from "@/lib/billing/grace-sweep";
import { createReconcileRun, RECONCILE_TASK, SCHEDULED_RECONCILE_TASK } from "@/lib/billing/reconcile/reconcile-runs";
import { runReconcile } from "@/lib/billing/reconcile/run-reconcile";
import { PROCESS_EVENT_TASK } from "@/lib/webhooks/enqueue-pending";
import { processStoredEvent } from "@/lib/webhooks/process-event";
import { pruneStripeEvents } from "@/lib/webhooks/retention";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { resyncStaleSubscriptions } from "@/lib/billing/stale-subscriptions";
import { log } from "@/lib/log";
import { BILLING_EMAIL_TASK } from "@/lib/billing-emails/outbox";
import { sendBillingEmail } from "@/lib/billing-emails/send-billing-email";

export const CLEANUP_TASK = "cleanup_stale_subscriptions";

const tasks: TaskList = {
  [PROCESS_EVENT_TASK]: async (payload, helpers) => {
    const { eventId } = payload as { eventId: string };
    await processStoredEvent(eventId, { number: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
  },
  billing_grace_sweep: async () => {
    await restrictExpiredGracePeriods();
  },
  [RECONCILE_TASK]: async (payload) => {
    await runReconcile((payload as { runId: string }).runId);
  },
  [SCHEDULED_RECONCILE_TASK]: async () => {
    const run = await createReconcileRun({}, "schedule");
    await runReconcile(run.id);
  },
  [BILLING_EMAIL_TASK]: async (payload) => {
    await sendBillingEmail((payload as { id: string }).id);
  },
  [CLEANUP_TASK]: async () => {
    const resynced = await resyncStaleSubscriptions(causedBySystem(CLEANUP_TASK));
    const pruned = await pruneStripeEvents();
    log().info({ resynced, ...pruned }, "weekly cleanup done");
  },
};

export const CRONTAB = [
  `*/5 * * * * billing_grace_sweep`,
  `0 * * * * ${SCHEDULED_RECONCILE_TASK} ?max=1`,
  // Sundays at 03:00: incomplete mirrors Stripe has expired, and webhook payloads past their retention.
  `0 3 * * 0 ${CLEANUP_TASK} ?max=1`,
].join("\n");

/** Jobs are background work: no one waits on them, so their Stripe calls keep the long timeout and its retries. */
export const TASKS: TaskList = Object.fromEntries(
  Object.entries(tasks).map(([name, task]) => [
    name,
    (async (payload, helpers) => {
      await inStripeWorkScope({}, async () => task!(payload, helpers));
    }) satisfies Task,
  ]),
);
