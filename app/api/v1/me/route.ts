// GET /api/v1/me – the signed-in user and their organizations
import { userRoute } from "@/lib/api/route";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";

export const GET = userRoute(async ({ user }) => {
  const { isSuperadmin, ...profile } = user;
  return Response.json({ user: { ...profile, isSuperadmin }, orgs: await listUserOrgs(user.id) });
});
