// GET /api/v1/orgs/{org}/runs – every run in the organization, newest first
import { withOrg } from "@/lib/api/route";
import { listRuns, listRunsQuery } from "@/lib/projects/runs";

export const GET = withOrg({ role: "member" }, async ({ req, org }) => {
  const query = listRunsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listRuns(org.id, query));
});
