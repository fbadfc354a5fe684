import { describe, expect, it } from "vitest";
import { createProject, deleteProject, getProject, listProjects, renameProject } from "@/lib/projects/projects";
import { listRuns, recordRun } from "@/lib/projects/runs";
import { makeOrg, makeUser } from "@/test/support/factories";

async function orgWithOwner() {
  const owner = await makeUser();
  return { owner, org: await makeOrg([[owner, "owner"]]) };
}

describe("projects", () => {
  it("creates, renames and deletes within one org; names are unique per org", async () => {
    const { org } = await orgWithOwner();
    const project = await createProject(org.id, { name: "Website" });
    await expect(createProject(org.id, { name: "Website" })).rejects.toMatchObject({ status: 409 });
    expect((await renameProject(org.id, project.id, { name: "Marketing site" })).name).toBe("Marketing site");
    await deleteProject(org.id, project.id);
    expect(await listProjects(org.id)).toEqual([]);
  });

  it("does not let one org read, rename, delete or run another org's project", async () => {
    const a = await orgWithOwner();
    const b = await orgWithOwner();
    const project = await createProject(a.org.id, { name: "Secret" });
    await expect(getProject(b.org.id, project.id)).rejects.toMatchObject({ status: 404 });
    await expect(renameProject(b.org.id, project.id, { name: "Mine" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteProject(b.org.id, project.id)).rejects.toMatchObject({ status: 404 });
    await expect(recordRun(b.org.id, project.id, b.owner.id)).rejects.toMatchObject({ status: 404 });
    expect((await getProject(a.org.id, project.id)).name).toBe("Secret");
  });
});

describe("runs", () => {
  it("records runs and pages through them newest first without gaps or repeats", async () => {
    const { owner, org } = await orgWithOwner();
    const project = await createProject(org.id, { name: "Pipeline" });
    const recorded = [];
    for (let i = 0; i < 7; i++) recorded.push((await recordRun(org.id, project.id, owner.id)).id);

    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listRuns(org.id, { projectId: project.id, limit: 3, before });
      seen.push(...page.runs.map((r) => r.id));
      if (!page.hasMore) break;
      before = page.nextBefore!;
    }
    expect(seen).toEqual([...recorded].reverse());
    expect((await getProject(org.id, project.id))._count.runs).toBe(7);
  });
});
