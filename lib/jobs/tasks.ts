import "server-only";
import type { TaskList } from "graphile-worker";
import { restrictExpiredGracePeriods } from "@/lib/billing/grace-sweep";
import { PROCESS_EVENT_TASK } from "@/lib/webhooks/enqueue-pending";
import { processStoredEvent } from "@/lib/webhooks/process-event";

export const TASKS: TaskList = {
  [PROCESS_EVENT_TASK]: async (payload, helpers) => {
    const { eventId } = payload as { eventId: string };
    await processStoredEvent(eventId, { number: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
  },
  billing_grace_sweep: async () => {
    await restrictExpiredGracePeriods();
  },
};

export const CRONTAB = "*/5 * * * * billing_grace_sweep";
