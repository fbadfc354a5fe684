import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordSeatChange } from "@/lib/orgs/seat-changes";

export async function revokeInvitation(orgId: string, invitationId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found", "No pending invitation with this id.");
    await recordSeatChange(tx, orgId);
  });
}
