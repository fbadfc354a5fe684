// PATCH /api/v1/orgs/{org}/members/{userId} – change a role; DELETE – remove a member (or leave)
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { changeMemberRole, changeRoleInput } from "@/lib/orgs/members/change-member-role";
import { removeMember } from "@/lib/orgs/members/remove-member";

export const PATCH = withOrg({ role: "admin" }, async ({ req, params, org, role }) => {
  const member = await changeMemberRole({ org, role }, params.userId!, await readJson(req, changeRoleInput));
  return Response.json({ member });
});

export const DELETE = withOrg({ role: "member" }, async ({ params, org, role, user }) => {
  await removeMember({ org, role, userId: user.id }, params.userId!);
  return new Response(null, { status: 204 });
});
