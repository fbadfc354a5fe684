import "server-only";
import type { Task, TaskList } from "graphile-worker";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import { RECONCILE_TASK } from "@/lib/reconcile/reconcile-runs";
import { runReconcile } from "@/lib/reconcile/run-reconcile";
import { storedProgress } from "@/lib/reconcile/stored-progress";
import { PROCESS_EVENT_TASK } from "@/lib/webhooks/enqueue-pending";
import { processStoredEvent } from "@/lib/webhooks/process-event";
import { BILLING_EMAIL_TASK } from "@/lib/billing-emails/outbox";
import { sendBillingEmail } from "@/lib/billing-emails/send-billing-email";
import { ALIGN_ADDONS_TASK } from "@/lib/billing/sync/addon-alignment-queue";
import { alignAddOnsWithPlan } from "@/lib/billing/scheduled/addons-follow-plan";
import { INVITATION_EXPIRED_TASK, SYNC_SEATS_TASK } from "@/lib/orgs/seat-changes";
import { invitationExpired } from "@/lib/orgs/invitations/invitation-expired";
import { syncSeatQuantity } from "@/lib/billing/seats/sync-seat-quantity";
import { METER_EVENTS_TASK } from "@/lib/usage/meter-event-outbox";
import { sendMeterEvents } from "@/lib/usage/send-meter-events";
import { OVERAGE_ITEM_TASK, removeIdleMeteredItem } from "@/lib/billing/overage/overage-item";
import { runRecorded } from "./job-runs";
import { SCHEDULED_JOBS } from "./scheduled-jobs";

const tasks: TaskList = {
  [PROCESS_EVENT_TASK]: async (payload, helpers) => {
    const { eventId } = payload as { eventId: string };
    await processStoredEvent(eventId, { number: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
  },
  [RECONCILE_TASK]: async (payload) => {
    const { runId } = payload as { runId: string };
    const progress = storedProgress(runId);
    try {
      await runReconcile(runId, { progress: progress.report });
    } finally {
      await progress.flush();
    }
  },
  [ALIGN_ADDONS_TASK]: async (payload) => {
    await alignAddOnsWithPlan((payload as { orgId: string }).orgId);
  },
  [SYNC_SEATS_TASK]: async (payload) => {
    await syncSeatQuantity((payload as { orgId: string }).orgId);
  },
  [INVITATION_EXPIRED_TASK]: async (payload) => {
    await invitationExpired((payload as { invitationId: string }).invitationId);
  },
  [METER_EVENTS_TASK]: async (payload) => {
    await sendMeterEvents((payload as { orgId: string }).orgId);
  },
  [OVERAGE_ITEM_TASK]: async (payload) => {
    await removeIdleMeteredItem((payload as { orgId: string }).orgId);
  },
  [BILLING_EMAIL_TASK]: async (payload) => {
    await sendBillingEmail((payload as { id: string }).id);
  },
  ...Object.fromEntries(SCHEDULED_JOBS.map((job) => [job.name, ((payload) => runRecorded(job, payload)) satisfies Task])),
};

// A scheduled run that fails is recorded as failed and waits for the next one: no retries from the queue.
export const CRONTAB = SCHEDULED_JOBS.map((job) => `${job.schedule} ${job.name} ?max=1`).join("\n");

/** Jobs are background work: no one waits on them, so their Stripe calls keep the long timeout and its retries. */
export const TASKS: TaskList = Object.fromEntries(
  Object.entries(tasks).map(([name, task]) => [
    name,
    (async (payload, helpers) => {
      await inStripeWorkScope({}, async () => task!(payload, helpers));
    }) satisfies Task,
  ]),
);
