import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { assertMayCreateProject, assertProjectWritable } from "@/lib/entitlements/limits";
import { AppError } from "@/lib/errors";
import { lockOrg } from "@/lib/orgs/lock-org";
import type { ProjectInput } from "@/lib/projects/project-input";

const nameTaken = (name: string) =>
  new AppError("conflict", `A project named "${name}" already exists.`, { fields: { name: "This name is taken." } });

const projectSelect = { id: true, name: true, createdAt: true, updatedAt: true, _count: { select: { runs: true } } } as const;

export async function listProjects(orgId: string) {
  return db.project.findMany({ where: { orgId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: projectSelect });
}

export async function getProject(orgId: string, projectId: string) {
  const project = await db.project.findFirst({ where: { id: projectId, orgId }, select: projectSelect });
  if (!project) throw new AppError("not_found", "No such project.");
  return project;
}

/** Creates a project within the plan's project limit (checked under the org's lock, so racing creates can't overshoot). */
export async function createProject(orgId: string, input: ProjectInput) {
  const ent = await getEntitlements(orgId);
  try {
    return await db.$transaction(async (tx) => {
      await lockOrg(tx, orgId);
      await assertMayCreateProject(tx, ent, orgId);
      return tx.project.create({ data: { orgId, name: input.name }, select: projectSelect });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

/** Renames a project; one beyond the plan's project limit is read-only. */
export async function renameProject(orgId: string, projectId: string, input: ProjectInput) {
  await getProject(orgId, projectId);
  await assertProjectWritable(orgId, projectId);
  try {
    const { count } = await db.project.updateMany({ where: { id: projectId, orgId }, data: { name: input.name } });
    if (count === 0) throw new AppError("not_found", "No such project.");
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
  return getProject(orgId, projectId);
}

export async function deleteProject(orgId: string, projectId: string): Promise<void> {
  const { count } = await db.project.deleteMany({ where: { id: projectId, orgId } });
  if (count === 0) throw new AppError("not_found", "No such project.");
}
