import "server-only";
import os from "node:os";
import { makeWorkerUtils, parseCrontab, run, type Runner, type RunnerOptions } from "graphile-worker";
import { env, requireDatabaseUrl } from "@/lib/env";
import { enqueuePendingEvents } from "@/lib/webhooks/enqueue-pending";
import { migrateJobQueue, QUEUE_SCHEMA, quietLogger } from "./queue";
import { CRONTAB, TASKS } from "./tasks";
import { log } from "@/lib/log";

export type RunningWorker = { ids: string[]; stop(): Promise<void> };

/**
 * The job worker: `concurrency` slots, each a graphile-worker runner with a stable id
 * (`<WORKER_ID>-<slot>`). A worker that died holding jobs left them locked under those
 * ids; the next start of the same worker releases them first, so nothing waits hours.
 */
export async function startWorker(
  options: { concurrency?: number; workerId?: string; pollIntervalMs?: number; feedIntervalMs?: number; cron?: boolean } = {},
): Promise<RunningWorker> {
  const connectionString = requireDatabaseUrl();
  const concurrency = options.concurrency ?? env().WORKER_CONCURRENCY;
  const base = options.workerId ?? env().WORKER_ID ?? `tollgate-${os.hostname()}`;
  const ids = Array.from({ length: concurrency }, (_, slot) => `${base}-${slot}`);
  await migrateJobQueue(connectionString);
  const utils = await makeWorkerUtils({ connectionString, schema: QUEUE_SCHEMA, logger: quietLogger() });
  try {
    await utils.forceUnlockWorkers(ids);
  } finally {
    await utils.release();
  }
  const runners: Runner[] = [];
  for (const [slot, workerId] of ids.entries()) {
    const runnerOptions: RunnerOptions = {
      connectionString,
      schema: QUEUE_SCHEMA,
      concurrency: 1,
      noHandleSignals: true,
      maxPoolSize: 3,
      pollInterval: options.pollIntervalMs ?? 2000,
      logger: quietLogger(),
      taskList: TASKS,
      parsedCronItems: slot === 0 && options.cron !== false ? parseCrontab(CRONTAB) : [],
    };
    // graphile-worker reads workerId (allowed with concurrency 1) though its options type omits it.
    runners.push(await run({ ...runnerOptions, workerId } as RunnerOptions));
  }
  const feeder = feedStoredEvents(options.feedIntervalMs ?? 250);
  return {
    ids,
    stop: async () => {
      await feeder.stop();
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}

/** Moves pending webhook events onto the queue on a short interval, one pass at a time. */
function feedStoredEvents(intervalMs: number) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => enqueuePendingEvents())
      .catch((err: unknown) => log().error({ err }, "jobs: feeding stored events failed"));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
