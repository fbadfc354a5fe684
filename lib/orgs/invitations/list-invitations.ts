import "server-only";
import { db } from "@/lib/db";
import { seatHold } from "./held-invitations";

/** Invitations still waiting for an answer; `held` when its seat's charge was declined and is not paid yet. */
export async function listPendingInvitations(orgId: string) {
  const [invitations, hold] = await Promise.all([listInvitations(orgId), seatHold(orgId)]);
  return invitations.map((invitation) => ({ ...invitation, held: hold.invitationIds.has(invitation.id) }));
}

function listInvitations(orgId: string) {
  return db.invitation.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { email: true, name: true } } },
  });
}
