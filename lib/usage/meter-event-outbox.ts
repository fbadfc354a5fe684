import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

export const METER_EVENTS_TASK = "meter_events";
/** graphile-worker backs off exponentially: 25 attempts keep a sender trying for about three days of Stripe being away. */
export const METER_EVENTS_ATTEMPTS = 25;

/** The identifier Stripe deduplicates a run's meter event by: the same run is always the same event. */
const EVENT_PREFIX = "run_";
export const meterEventId = (runId: string) => `${EVENT_PREFIX}${runId}`;

/**
 * The statements, appended to a run's insert as CTEs, that write its meter event and wake a sender: `source` is a CTE
 * that yields the run (`id`, `createdAt`) when it is billable. The org's drain row is added only when none is there,
 * and only then is a job queued, so a stream of runs queues one job, not one per run (the job removes the row before
 * reading what to send: an event committed after that finds no row and queues the next job).
 */
export function meterEventCtes(orgId: string, periodStart: Date, source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    metered_event as (
      insert into "MeterEvent" ("id", "orgId", "runId", "periodStart", "occurredAt")
      select ${EVENT_PREFIX}::text || s."id", ${orgId}, s."id", ${periodStart}, s."createdAt" from ${source} s
      returning "orgId"
    ),
    metered_drain as (
      insert into "MeterEventDrain" ("orgId") select distinct "orgId" from metered_event
      on conflict do nothing returning "orgId"
    ),
    metered_job as (
      select graphile_worker.add_job(${METER_EVENTS_TASK}::text, json_build_object('orgId', "orgId"),
        job_key => ${METER_EVENTS_TASK}::text || ':' || "orgId", max_attempts => ${METER_EVENTS_ATTEMPTS}::int)::text as job
      from metered_drain
    )`;
}

/**
 * Queues a sender for the org's pending meter events at `at` (now unless said), keeping its drain row so runs meanwhile
 * queue nothing more. A sender already waiting is moved to `at`; one running is left to finish and a new one follows.
 */
export async function queueMeterSender(client: Prisma.TransactionClient, orgId: string, at = new Date()): Promise<void> {
  await client.$executeRaw`insert into "MeterEventDrain" ("orgId") values (${orgId}) on conflict do nothing`;
  await client.$queryRaw`select graphile_worker.add_job(${METER_EVENTS_TASK}::text, json_build_object('orgId', ${orgId}::text),
    run_at => ${at}::timestamptz, job_key => ${`${METER_EVENTS_TASK}:${orgId}`}::text,
    max_attempts => ${METER_EVENTS_ATTEMPTS}::int)::text`;
}

/** Writes the meter event of a run already inserted in the caller's transaction, and wakes a sender if none is queued. */
export async function recordMeterEvent(
  tx: Prisma.TransactionClient,
  run: { id: string; orgId: string; createdAt: Date },
  periodStart: Date,
): Promise<void> {
  await tx.$queryRaw`
    with billed as (select ${run.id}::text as "id", ${run.createdAt}::timestamp as "createdAt"),
    ${meterEventCtes(run.orgId, periodStart, Prisma.sql`billed`)}
    select (select count(*) from metered_job)::int as queued`;
}
