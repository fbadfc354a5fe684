import "server-only";
import { z } from "zod";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashLinkToken } from "@/lib/tokens";
import { INVITATION_FIELDS } from "./find-invitation";
import { seatHold } from "./held-invitations";
import { recordSeatChange } from "@/lib/orgs/seat-changes";

/** By the link's token, or (signed in as the verified addressee, from the organizations page) by the invitation's id. */
export const acceptInvitationInput = z.union([
  z.object({ token: z.string().min(1).max(200) }).strict(),
  z.object({ invitationId: z.string().min(1).max(40) }).strict(),
]);

/**
 * Joins the org the invitation names. The invitation must be addressed to the signed-in user's email,
 * and that email must be verified: an unverified account with the address may be a squatter's.
 */
export async function acceptInvitation(user: CurrentUser, input: z.infer<typeof acceptInvitationInput>) {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const invitation = await tx.invitation.findUnique({
      where: "token" in input ? { tokenHash: hashLinkToken(input.token) } : { id: input.invitationId },
      select: { ...INVITATION_FIELDS, orgId: true },
    });
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      throw new AppError("invalid_token", "This invitation has expired, was revoked or was already used. Ask for a new one.");
    }
    if (invitation.email !== user.email) {
      throw new AppError("forbidden", `This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
    }
    if (!user.emailVerified) {
      throw new AppError("email_unverified", `Confirm ${user.email} first: open the confirmation link we emailed you, then accept.`);
    }
    if ((await seatHold(invitation.orgId, tx)).invitationIds.has(invitation.id)) {
      throw new AppError(
        "seat_payment_pending",
        `${invitation.org.name} hasn't paid for this seat yet: its card was declined. Ask an admin of ${invitation.org.name} to update it; this invitation stays valid until then.`,
      );
    }
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (claimed.count === 0) throw new AppError("invalid_token", "This invitation was already used.");
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: invitation.orgId, userId: user.id } },
      create: { orgId: invitation.orgId, userId: user.id, role: invitation.role },
      update: {},
    });
    await recordSeatChange(tx, invitation.orgId);
    return invitation.org;
  });
}
