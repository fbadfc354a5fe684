import "server-only";
import type { CurrentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { hashLinkToken } from "@/lib/tokens";

type InvitationState = "pending" | "expired" | "accepted" | "revoked";

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

/**
 * The invitations waiting for this user's address, once the address is confirmed (before that, the account may not
 * be its owner's): what the organizations page offers to accept, wherever the person arrived from.
 */
export async function pendingInvitationsFor(user: Pick<CurrentUser, "email" | "emailVerified">) {
  if (!user.emailVerified) return [];
  return db.invitation.findMany({
    where: { email: user.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, role: true, org: { select: { name: true } }, invitedBy: { select: { name: true, email: true } } },
  });
}
