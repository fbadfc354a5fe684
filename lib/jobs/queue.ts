import "server-only";
import { Logger, runMigrations } from "graphile-worker";
import { Prisma } from "@/lib/generated/prisma/client";

/** Where graphile-worker keeps its tables; add_job is called from our own transactions, so the name is fixed. */
export const QUEUE_SCHEMA = "graphile_worker";

/** Installs or upgrades the job queue's schema (idempotent; graphile-worker keeps its own migration list). */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, schema: QUEUE_SCHEMA, logger: quietLogger() });
}

export type JobSpec = {
  task: string;
  payload: Record<string, unknown>;
  /** Jobs sharing a queue name run one at a time, in order. */
  queueName?: string;
  /** At most one pending job per key: adding again replaces the pending one. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
};

/** The SQL that enqueues a job; run it inside a transaction to make the job part of that transaction. */
export function addJobSql(job: JobSpec): Prisma.Sql {
  return Prisma.sql`select 1 from graphile_worker.add_job(
    ${job.task}::text, ${JSON.stringify(job.payload)}::json, ${job.queueName ?? null}::text,
    ${job.runAt ?? null}::timestamptz, ${job.maxAttempts ?? null}::int, ${job.jobKey ?? null}::text)`;
}


/** graphile-worker's logger with its chatter (connected, job completed) left out. */
export function quietLogger(): Logger {
  return new Logger(() => (level, message) => {
    // A failed attempt is logged with its stack; the first line says what failed, the event keeps the error.
    if (level === "error" || level === "warning") console.error(`[jobs] ${level}: ${message.split("\n")[0]}`);
  });
}
