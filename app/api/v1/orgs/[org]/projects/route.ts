// GET /api/v1/orgs/{org}/projects – list; POST – create a project
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { projectInput } from "@/lib/projects/project-input";
import { createProject, listProjects } from "@/lib/projects/projects";

export const GET = withOrg({ role: "member" }, async ({ org }) => Response.json({ projects: await listProjects(org.id) }));

export const POST = withOrg({ role: "member" }, async ({ req, org }) => {
  const project = await createProject(org.id, await readJson(req, projectInput));
  return Response.json({ project }, { status: 201 });
});
