import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { JobRun, Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { scheduledJob, SCHEDULED_JOBS, type ScheduledJob } from "./scheduled-jobs";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

export type JobRunView = {
  id: string;
  job: string;
  trigger: string;
  outcome: string;
  summary: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
};

const viewOfRun = (run: JobRun): JobRunView => ({
  id: run.id,
  job: run.job,
  trigger: run.trigger,
  outcome: run.outcome,
  summary: run.summary,
  error: run.error,
  createdAt: run.createdAt.toISOString(),
  startedAt: run.startedAt?.toISOString() ?? null,
  finishedAt: run.finishedAt?.toISOString() ?? null,
  durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
});

/** An operator's "Run now": the run is recorded as queued with its job in one transaction, so it is never lost. */
export async function requestJobRun(name: string, userId: string): Promise<JobRunView> {
  const job = scheduledJob(name);
  if (!job) throw new AppError("not_found", `There is no scheduled job named ${JSON.stringify(name)}.`);
  const run = await db.$transaction(async (tx) => {
    const created = await tx.jobRun.create({ data: { job: job.name, trigger: "manual", requestedById: userId } });
    await tx.$executeRaw`select graphile_worker.add_job(${job.name}::text, json_build_object('runId', ${created.id}::text), max_attempts => 3)`;
    return created;
  });
  return viewOfRun(run);
}

/**
 * Runs a scheduled job and records it: the queued run an operator asked for, or a new run for the crontab's. A failure
 * is recorded with its message and not thrown again: the schedule brings the next run, and an operator can start one.
 */
export async function runRecorded(job: ScheduledJob, payload: unknown): Promise<void> {
  const runId = (payload as { runId?: unknown } | null)?.runId;
  const started = new Date();
  const run =
    typeof runId === "string"
      ? await db.jobRun.update({ where: { id: runId }, data: { outcome: "running", startedAt: started, error: null } })
      : await db.jobRun.create({ data: { job: job.name, trigger: "schedule", outcome: "running", startedAt: started } });
  try {
    const summary = await job.run();
    await db.jobRun.update({
      where: { id: run.id },
      data: { outcome: "succeeded", summary: summary as Prisma.InputJsonObject, finishedAt: new Date() },
    });
  } catch (err) {
    log().error({ err, job: job.name, runId: run.id }, "scheduled job failed");
    await db.jobRun.update({
      where: { id: run.id },
      data: { outcome: "failed", error: err instanceof Error ? err.message : String(err), finishedAt: new Date() },
    });
  }
}

export type JobView = { name: string; schedule: string; description: string; runs: JobRunView[] };

/** Each scheduled job with its latest runs, newest first. */
export async function listJobs(viewer: Viewer, runsPerJob = 5): Promise<JobView[]> {
  assertOperator(viewer);
  const runs = await db.$queryRaw<JobRun[]>`
    select r.* from unnest(${SCHEDULED_JOBS.map((j) => j.name)}::text[]) as j(name)
    cross join lateral (select * from "JobRun" where "job" = j.name order by "createdAt" desc limit ${runsPerJob}) r`;
  return SCHEDULED_JOBS.map((job) => ({
    name: job.name,
    schedule: job.schedule,
    description: job.description,
    runs: runs
      .filter((r) => r.job === job.name)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(viewOfRun),
  }));
}
