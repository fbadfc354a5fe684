import "server-only";
import type { TaskList } from "graphile-worker";
import { db } from "@/lib/db";
import { restrictExpiredGracePeriods } from "@/lib/billing/grace-sweep";
import { PROCESS_EVENT_TASK, processEventJob } from "@/lib/webhooks/ingest";
import { processStoredEvent } from "@/lib/webhooks/process-event";
import { addJobSql } from "./queue";

/** Events still pending after this long with no job are queued again (a job can only be lost by hand). */
const ORPHAN_AFTER_MS = 10 * 60_000;

async function requeueOrphanedEvents(): Promise<number> {
  const orphans = await db.$queryRaw<{ id: string; customerId: string | null }[]>`
    select e."id", e."customerId" from "StripeEvent" e
    where e."status" = 'pending' and e."receivedAt" < ${new Date(Date.now() - ORPHAN_AFTER_MS)}
      and not exists (select 1 from graphile_worker.jobs j where j.key = 'stripe_event:' || e."id")
    limit 500`;
  for (const orphan of orphans) await db.$queryRaw(addJobSql(processEventJob(orphan.id, orphan.customerId)));
  return orphans.length;
}

export const TASKS: TaskList = {
  [PROCESS_EVENT_TASK]: async (payload, helpers) => {
    const { eventId } = payload as { eventId: string };
    await processStoredEvent(eventId, { number: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
  },
  billing_grace_sweep: async () => {
    await restrictExpiredGracePeriods();
  },
  stripe_event_sweep: async () => {
    await requeueOrphanedEvents();
  },
};

export const CRONTAB = ["*/5 * * * * billing_grace_sweep", "*/10 * * * * stripe_event_sweep"].join("\n");
