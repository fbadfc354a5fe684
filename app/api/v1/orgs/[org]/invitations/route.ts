// GET /api/v1/orgs/{org}/invitations – pending invitations; POST – invite someone by email
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { listPendingInvitations } from "@/lib/orgs/invitations/list-invitations";

export const GET = withOrg({ role: "admin" }, async ({ org }) => Response.json({ invitations: await listPendingInvitations(org.id) }));

export const POST = withOrg({ role: "admin" }, async ({ req, org, role, user }) => {
  const result = await inviteMember({ org, role }, user, await readJson(req, inviteInput));
  return Response.json(result, { status: 201 });
});
