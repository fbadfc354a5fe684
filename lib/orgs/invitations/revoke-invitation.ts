import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export async function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "No pending invitation with this id.");
}
