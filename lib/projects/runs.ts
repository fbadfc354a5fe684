import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { keysetPage } from "@/lib/http/keyset-page";
import { db } from "@/lib/db";
import { assertProjectWritable } from "@/lib/entitlements/limits";
import { insertMeteredRun } from "@/lib/usage/metered-runs";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db-errors";

export const runSelect = {
  id: true,
  status: true,
  createdAt: true,
  project: { select: { id: true, name: true } },
  createdBy: { select: { email: true, name: true } },
} as const;

/** An Idempotency-Key a client sends with a run: printable ASCII, as Stripe's are. */
export const runIdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1 to 255 printable characters.");

/** The id of the run an org's idempotency key names: the same key is the same run, however often it is sent. */
const runIdFor = (orgId: string, key: string) => `idem_${createHash("sha256").update(`${orgId}\0${key}`).digest("hex").slice(0, 40)}`;

/**
 * Records one run of a project, counted against the plan's runs for the period atomically with its insert. A project
 * beyond the plan's project limit is read-only and takes no runs. With an idempotency key a retried submission is the
 * run already recorded (`replayed`), counted and billed once, even when both arrive at once.
 */
export async function recordRun(orgId: string, projectId: string, userId: string, opts: { idempotencyKey?: string } = {}) {
  const project = await db.project.findFirst({ where: { id: projectId, orgId }, select: { id: true } });
  if (!project) throw new AppError("not_found", "No such project.");
  const id = opts.idempotencyKey ? runIdFor(orgId, opts.idempotencyKey) : randomUUID();
  const recorded = async () => {
    const run = await db.run.findFirst({ where: { id, orgId }, select: runSelect });
    if (!run) return null;
    if (run.project.id !== projectId)
      throw new AppError("conflict", "This Idempotency-Key was used for a run of another project.", { run: run.id });
    return { ...run, replayed: true };
  };
  if (opts.idempotencyKey) {
    const earlier = await recorded();
    if (earlier) return earlier;
  }
  await assertProjectWritable(orgId, projectId);
  try {
    await insertMeteredRun({ id, orgId, projectId, createdById: userId });
  } catch (err) {
    // The same key sent twice at once: the other request recorded it first.
    const earlier = opts.idempotencyKey && isUniqueViolation(err) ? await recorded() : null;
    if (!earlier) throw err;
    return earlier;
  }
  return { ...(await db.run.findUniqueOrThrow({ where: { id }, select: runSelect })), replayed: false };
}

export const listRunsQuery = z.object({
  projectId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().min(1).max(64).optional(),
});

/** Newest first, keyset-paginated by `before` (a run id). */
export async function listRuns(orgId: string, query: z.infer<typeof listRunsQuery>) {
  const rows = await db.run.findMany({
    where: { orgId, ...(query.projectId ? { projectId: query.projectId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
    select: runSelect,
  });
  const { items, hasMore, nextBefore } = keysetPage(rows, query.limit);
  return { runs: items, hasMore, nextBefore };
}
