import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { keysetPage } from "@/lib/http/keyset-page";
import { db } from "@/lib/db";
import { assertProjectWritable } from "@/lib/entitlements/limits";
import { insertMeteredRun } from "@/lib/usage/metered-runs";
import { AppError } from "@/lib/errors";

export const runSelect = {
  id: true,
  status: true,
  createdAt: true,
  project: { select: { id: true, name: true } },
  createdBy: { select: { email: true, name: true } },
} as const;

/**
 * Records one run of a project, counted against the plan's runs for the period atomically with its insert. A project
 * beyond the plan's project limit is read-only and takes no runs.
 */
export async function recordRun(orgId: string, projectId: string, userId: string) {
  const project = await db.project.findFirst({ where: { id: projectId, orgId }, select: { id: true } });
  if (!project) throw new AppError("not_found", "No such project.");
  await assertProjectWritable(orgId, projectId);
  const id = randomUUID();
  await insertMeteredRun({ id, orgId, projectId, createdById: userId });
  return db.run.findUniqueOrThrow({ where: { id }, select: runSelect });
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
