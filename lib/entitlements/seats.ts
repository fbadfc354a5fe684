import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The one count of seats in use: members plus pending (unexpired, unrevoked, unaccepted) invitations.
 * `exceptInvitedEmail` leaves out a pending invitation to that address, because inviting it again reuses its seat;
 * `invitations: false` counts members only (a per-seat plan whose catalog entry does not bill invitations).
 */
export async function seatsInUse(
  orgId: string,
  opts: { exceptInvitedEmail?: string; tx?: Prisma.TransactionClient; invitations?: boolean } = {},
): Promise<number> {
  const client = opts.tx ?? db;
  const [members, pending] = await Promise.all([
    client.membership.count({ where: { orgId } }),
    opts.invitations === false
      ? 0
      : client.invitation.count({
          where: {
            orgId,
            acceptedAt: null,
            revokedAt: null,
            expiresAt: { gt: new Date() },
            ...(opts.exceptInvitedEmail ? { email: { not: opts.exceptInvitedEmail } } : {}),
          },
        }),
  ]);
  return members + pending;
}
