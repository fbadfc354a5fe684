// GET, PATCH (rename) /api/v1/orgs/{org}/projects/{id}; DELETE needs admin
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { projectInput } from "@/lib/projects/project-input";
import { deleteProject, getProject, renameProject } from "@/lib/projects/projects";

export const GET = withOrg({ role: "member" }, async ({ params, org }) =>
  Response.json({ project: await getProject(org.id, params.projectId!) }),
);

export const PATCH = withOrg({ role: "member" }, async ({ req, params, org }) => {
  const project = await renameProject(org.id, params.projectId!, await readJson(req, projectInput));
  return Response.json({ project });
});

export const DELETE = withOrg({ role: "admin" }, async ({ params, org }) => {
  await deleteProject(org.id, params.projectId!);
  return new Response(null, { status: 204 });
});
