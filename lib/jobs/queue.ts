import "server-only";
import { Logger, runMigrations } from "graphile-worker";
import { log } from "@/lib/log";

/** Where graphile-worker keeps its tables; our SQL calls add_job and reads its jobs view, so the name is fixed. */
export const QUEUE_SCHEMA = "graphile_worker";

/** Installs or upgrades the job queue's schema (idempotent; graphile-worker keeps its own migration list). */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, schema: QUEUE_SCHEMA, logger: quietLogger() });
}

/** graphile-worker's logger with its chatter (connected, job completed) left out. */
export function quietLogger(): Logger {
  return new Logger(() => (level, message) => {
    // A failed attempt is logged with its stack; the first line says what failed, the event keeps the error.
    if (level === "error" || level === "warning") log()[level === "error" ? "error" : "warn"](`jobs: ${message.split("\n")[0]}`);
  });
}
