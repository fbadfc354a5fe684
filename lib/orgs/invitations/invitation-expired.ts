import "server-only";
import { db } from "@/lib/db";
import { lockOrg } from "@/lib/orgs/lock-org";
import { recordSeatChange } from "@/lib/orgs/seat-changes";

/**
 * The invitation_expired job: an invitation still pending at its expiry no longer holds a seat, which is a seat change
 * (on a per-seat plan the quantity comes down). One accepted, revoked or replaced meanwhile changes nothing here. Run
 * early (a worker's clock behind the database's), it fails and is retried: the seat is counted until then.
 */
export async function invitationExpired(invitationId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { id: invitationId },
      select: { orgId: true, expiresAt: true, acceptedAt: true, revokedAt: true },
    });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt) return false;
    if (invitation.expiresAt > new Date()) throw new Error(`invitation ${invitationId} has not expired yet`);
    await lockOrg(tx, invitation.orgId);
    await recordSeatChange(tx, invitation.orgId);
    return true;
  });
}
