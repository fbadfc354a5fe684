// DELETE /api/v1/orgs/{org}/invitations/{id} – revoke a pending invitation
import { withOrg } from "@/lib/api/route";
import { revokeInvitation } from "@/lib/orgs/invitations/revoke-invitation";

export const DELETE = withOrg({ role: "admin" }, async ({ params, org }) => {
  await revokeInvitation(org.id, params.invitationId!);
  return new Response(null, { status: 204 });
});
