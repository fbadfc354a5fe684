// GET /api/v1/orgs/{org}/projects/{id}/runs – runs of a project; POST – record a run (201), or with an Idempotency-Key
// header already used for one, that run again (200)
import { withOrg } from "@/lib/api/route";
import { listRuns, listRunsQuery, recordRun, runIdempotencyKey } from "@/lib/projects/runs";

export const GET = withOrg({ role: "member" }, async ({ req, params, org }) => {
  const query = listRunsQuery.parse({ ...Object.fromEntries(new URL(req.url).searchParams), projectId: params.projectId });
  return Response.json(await listRuns(org.id, query));
});

export const POST = withOrg({ role: "member" }, async ({ req, params, org, user }) => {
  const header = req.headers.get("idempotency-key");
  const idempotencyKey = header === null ? undefined : runIdempotencyKey.parse(header);
  const { replayed, ...run } = await recordRun(org.id, params.projectId!, user.id, { idempotencyKey });
  return Response.json({ run }, { status: replayed ? 200 : 201 });
});
