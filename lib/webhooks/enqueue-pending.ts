import "server-only";
import { db } from "@/lib/db";
import { rawPool } from "@/lib/db/raw-pool";
import { env } from "@/lib/env";
import { queueForCustomer } from "./event-customer";

export const PROCESS_EVENT_TASK = "stripe_event";
const jobKey = (eventId: string) => `stripe_event:${eventId}`;

/**
 * Moves stored events that are pending and have no job onto the job queue, oldest first,
 * into one queue per Stripe customer (so a customer's events run one at a time). The worker
 * calls this every few hundred milliseconds; it is also what recovers events whose job was
 * lost, so a stored event is always processed, and what revives a job that had used up its
 * attempts once the event is pending again (a redelivery). Safe to run from several workers
 * at once: the job key holds one job per event.
 *
 * A job running its last attempt has used up its attempts but still holds the event, which is
 * pending until that attempt ends: queueing it then would start a second job behind the running
 * one, so an event that always fails would never be marked failed. A lock counts for as long as
 * graphile-worker honours it (4 hours); a dead worker's is released when it restarts.
 */
export async function enqueuePendingEvents(limit = 500): Promise<number> {
  const pending = await db.$queryRaw<{ id: string; customerId: string | null }[]>`
    select e."id", e."customerId" from "StripeEvent" e
    where e."status" = 'pending'
      and not exists (select 1 from graphile_worker.jobs j where j.key = 'stripe_event:' || e."id"
        and (j.attempts < j.max_attempts or j.locked_at > now() - interval '4 hours'))
    order by e."receivedAt", e."id"
    limit ${limit}`;
  if (pending.length === 0) return 0;
  const ids = pending.map((e) => e.id);
  await db.$queryRaw`
    select graphile_worker.add_job(${PROCESS_EVENT_TASK}::text, json_build_object('eventId', e.id), e.queue, null::timestamptz,
      ${env().WEBHOOK_MAX_ATTEMPTS}::int, e.job_key, null::int, null::text[], 'preserve_run_at')
    from unnest(${ids}::text[], ${pending.map((e) => queueForCustomer(e.customerId))}::text[], ${ids.map(jobKey)}::text[])
      with ordinality as e(id, queue, job_key, n)
    order by e.n`;
  return pending.length;
}

/**
 * Takes the waiting jobs of events already processed off the queue, in one statement that deletes only jobs no worker
 * holds (graphile-worker's complete_jobs); a job that is running, or is queued a moment later, finds its event processed
 * and ends. Not remove_job: after its delete, a second statement spends the attempts of whatever job holds the key by
 * then, so a job the feeder queued between the two was left with no attempts, no lock and no error, never run and
 * never removed (it kept bench/webhooks's drain check waiting until its deadline).
 */
export async function dropJobsOf(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await rawPool().query(`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs where key = any($1::text[])))`, [
    eventIds.map(jobKey),
  ]);
}
