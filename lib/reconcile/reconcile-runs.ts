import "server-only";
import { isSelfHosted } from "@/lib/license/installation";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ReconcileRun } from "@/lib/generated/prisma/client";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

export const RECONCILE_TASK = "billing_reconcile";
/** The hourly run's task; the name is the one the operations runbook uses. */
export const SCHEDULED_RECONCILE_TASK = "sync_stripe_status";

export const reconcileInput = z
  .object({
    orgId: z.string().trim().min(1).max(64).optional(),
    since: z.iso.datetime({ offset: true, local: true }).optional(),
  })
  .strict();

type Trigger = "api" | "cli" | "schedule";

/** An org named by id or slug; 404 when there is none. */
async function orgIdFor(idOrSlug: string): Promise<string> {
  const org = await db.organization.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] }, select: { id: true } });
  if (!org) throw new AppError("not_found", `There is no organization "${idOrSlug}".`);
  return org.id;
}

function sinceDate(since: string | undefined): Date | null {
  if (!since) return null;
  const at = new Date(since.length <= 19 ? `${since}Z` : since);
  if (at.getTime() > Date.now())
    throw new AppError("bad_request", "since is in the future.", { fields: { since: "must not be in the future" } });
  return at;
}

/** A run recorded as queued, for the worker (API, schedule) or to run here (CLI). */
export async function createReconcileRun(input: z.infer<typeof reconcileInput>, trigger: Trigger, requestedById?: string) {
  if (isSelfHosted())
    throw new AppError("payment_system_not_configured", "This installation is self-hosted: there is no Stripe to reconcile with.");
  const orgId = input.orgId ? await orgIdFor(input.orgId) : null;
  return db.reconcileRun.create({ data: { trigger, orgId, since: sinceDate(input.since), requestedById: requestedById ?? null } });
}

/** Records a run and puts it on the job queue; the answer is the queued run (202). */
export async function requestReconcile(input: z.infer<typeof reconcileInput>, requestedById: string) {
  const run = await createReconcileRun(input, "api", requestedById);
  // One attempt: a run that fails says so on its row, and the hourly run starts afresh.
  await db.$executeRaw`select graphile_worker.add_job(${RECONCILE_TASK}::text, json_build_object('runId', ${run.id}::text), max_attempts => 1)`;
  // The run as it was accepted: the worker may already have started it by now.
  return viewOf(run);
}

/** A run's status, counts and findings; 404 when there is no such run. */
export async function reconcileRunView(runId: string) {
  const run = await db.reconcileRun.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("not_found", "There is no such reconcile run.");
  return viewOf(run);
}

function viewOf(run: ReconcileRun) {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    orgId: run.orgId,
    since: run.since?.toISOString() ?? null,
    counts: run.counts,
    findings: run.findings,
    progress: run.progress as { done: number; total: number; phase: string } | null,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The latest runs, newest first, as the console lists them. */
export async function recentReconcileRuns(viewer: Viewer, limit = 10) {
  assertOperator(viewer);
  return (await db.reconcileRun.findMany({ orderBy: { createdAt: "desc" }, take: limit })).map(viewOf);
}

/** Mismatches no operator has resolved yet, for one org or all (the CLI's exit code). */
export function unresolvedMismatches(orgId: string | null): Promise<number> {
  return db.billingAuditEntry.count({ where: { kind: "mismatch", resolvedAt: null, ...(orgId ? { orgId } : {}) } });
}
