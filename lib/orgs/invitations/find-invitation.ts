import "server-only";
import { db } from "@/lib/db";
import { hashLinkToken } from "@/lib/tokens";

export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

/** What the accept page and accepting both read of an invitation. */
export const INVITATION_FIELDS = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  org: { select: { slug: true, name: true } },
} as const;

/** What an invite link points at, for the accept page; null for a link that never existed. */
export async function findInvitationByToken(token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    select: { ...INVITATION_FIELDS, invitedBy: { select: { name: true, email: true } } },
  });
  if (!invitation) return null;
  const state: InvitationState = invitation.acceptedAt
    ? "accepted"
    : invitation.revokedAt
      ? "revoked"
      : invitation.expiresAt <= new Date()
        ? "expired"
        : "pending";
  return { ...invitation, state };
}
