import Link from "next/link";
import { InviteForm } from "@/components/orgs/invite-form";
import { Alert } from "@/components/ui/alert";
import { MemberActions } from "@/components/orgs/member-actions";
import { RevokeInvitationButton } from "@/components/orgs/revoke-invitation-button";
import { Card, CardHeader } from "@/components/ui/card";
import { listPendingInvitations } from "@/lib/orgs/invitations/list-invitations";
import { listMembers } from "@/lib/orgs/members/list-members";
import { loadOrgPage } from "@/lib/orgs/org-page";
import { hasRole } from "@/lib/orgs/roles";
import { planByCode } from "@/lib/catalog/catalog";
import { getEntitlements } from "@/lib/entitlements/entitlements";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { user, org, role } = await loadOrgPage(slug, `/${slug}/members`);
  const canManage = hasRole(role, "admin");
  const [members, invitations, entitlements] = await Promise.all([
    listMembers(org.id),
    canManage ? listPendingInvitations(org.id) : [],
    getEntitlements(org.id),
  ]);
  const perSeat = (await planByCode(entitlements.planCode))?.pricing === "per_seat";
  const held = invitations.filter((inv) => inv.held).length;
  return (
    <div className="space-y-6">
      {held > 0 ? (
        <Alert tone="error" testId="seat-hold">
          The card on file declined the charge for {held === 1 ? "a new seat" : `${held} new seats`}, so{" "}
          {held === 1 ? "its invitation is" : "their invitations are"} held: nobody can accept {held === 1 ? "it" : "them"} until the seat
          is paid. Pay the open invoice with another card from the{" "}
          <Link className="underline" href={`/${org.slug}/billing`}>
            billing page
          </Link>
          , or update the card there in the Customer Portal. Members keep their access meanwhile.
        </Alert>
      ) : null}
      {canManage ? (
        <Card>
          <InviteForm slug={org.slug} canInviteOwner={role === "owner"} perSeat={perSeat} />
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Members" description={`${members.length} ${members.length === 1 ? "person" : "people"}`} />
        <ul className="divide-y divide-zinc-100" data-testid="members-list">
          {members.map((m) => (
            <li key={m.userId} className="flex items-center justify-between gap-4 py-3">
              <div>
                <p className="font-medium">
                  {m.name ?? m.email}
                  {m.userId === user.id ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
                </p>
                <p className="text-sm text-zinc-500">{m.email}</p>
              </div>
              <MemberActions
                slug={org.slug}
                userId={m.userId}
                email={m.email}
                role={m.role}
                isSelf={m.userId === user.id}
                canManage={canManage}
                actorIsOwner={role === "owner"}
              />
            </li>
          ))}
        </ul>
      </Card>
      {canManage && invitations.length > 0 ? (
        <Card>
          <CardHeader title="Pending invitations" />
          <ul className="divide-y divide-zinc-100" data-testid="invitations-list">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex items-center justify-between py-3 text-sm">
                <span>
                  {inv.email}{" "}
                  <span className="text-zinc-500">
                    · {inv.role} · expires {inv.expiresAt.toISOString().slice(0, 10)}
                  </span>
                  {inv.held ? <span className="ml-2 font-medium text-red-800">· held until the seat is paid</span> : null}
                </span>
                <RevokeInvitationButton slug={org.slug} invitationId={inv.id} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
