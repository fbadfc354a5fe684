import "server-only";
import { db } from "@/lib/db";

/** Invitations still waiting for an answer. */
export function listPendingInvitations(orgId: string) {
  return db.invitation.findMany({
    where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { email: true, name: true } } },
  });
}
