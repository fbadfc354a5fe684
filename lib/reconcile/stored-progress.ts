import "server-only";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { Progress } from "./run-reconcile";

const EVERY_MS = 500;

/**
 * Keeps a run's progress on its row for operators watching it in the console: at most one write every half second,
 * and always the last step. A write that fails is logged and never stops the run.
 */
export function storedProgress(runId: string): { report: Progress; flush: () => Promise<void> } {
  let latest: Parameters<Progress>[0] | null = null;
  let writtenAt = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = () => {
    const step = latest;
    writtenAt = Date.now();
    writing = writing
      .then(() => db.reconcileRun.update({ where: { id: runId }, data: { progress: step ?? undefined } }))
      .catch((err: unknown) => log().warn({ err, runId }, "reconcile progress not stored"));
  };
  return {
    report: (step) => {
      latest = step;
      if (Date.now() - writtenAt >= EVERY_MS) write();
    },
    flush: async () => {
      if (latest) write();
      await writing;
    },
  };
}
