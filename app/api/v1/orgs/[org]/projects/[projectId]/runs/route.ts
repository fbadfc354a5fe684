// GET /api/v1/orgs/{org}/projects/{id}/runs – runs of a project; POST – record a run
import { withOrg } from "@/lib/api/route";
import { listRuns, listRunsQuery, recordRun } from "@/lib/projects/runs";

export const GET = withOrg({ role: "member" }, async ({ req, params, org }) => {
  const query = listRunsQuery.parse({ ...Object.fromEntries(new URL(req.url).searchParams), projectId: params.projectId });
  return Response.json(await listRuns(org.id, query));
});

export const POST = withOrg({ role: "member" }, async ({ params, org, user }) => {
  const run = await recordRun(org.id, params.projectId!, user.id);
  return Response.json({ run }, { status: 201 });
});
