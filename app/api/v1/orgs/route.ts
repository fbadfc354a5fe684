// GET /api/v1/orgs – my organizations; POST – create one and become its owner
import { readJson } from "@/lib/http/read-json";
import { userRoute } from "@/lib/api/route";
import { createOrgInput, createOwnOrg } from "@/lib/orgs/create-org";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";

export const GET = userRoute(async ({ user }) => Response.json({ orgs: await listUserOrgs(user.id) }));

export const POST = userRoute(async ({ req, user }) => {
  const org = await createOwnOrg(user.id, await readJson(req, createOrgInput));
  return Response.json({ org }, { status: 201 });
});
