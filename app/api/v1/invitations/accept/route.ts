// POST /api/v1/invitations/accept – join the organization an invitation names
import { readJson } from "@/lib/http/read-json";
import { userRoute } from "@/lib/api/route";
import { acceptInvitation, acceptInvitationInput } from "@/lib/orgs/invitations/accept-invitation";

export const POST = userRoute(async ({ req, user }) => {
  const org = await acceptInvitation(user, await readJson(req, acceptInvitationInput));
  return Response.json({ org });
});
