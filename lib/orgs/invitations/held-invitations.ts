import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { isManageable } from "@/lib/plans/subscription-states";

export type SeatHold = { invitationIds: Set<string>; expiresAt: Date | null };

/**
 * The pending invitations whose seats are not paid for: while Stripe holds a seat increase as a pending update (the
 * card declined its prorated charge), the invitations beyond the quantity paid for are held, the newest first. A held
 * invitation can't be accepted until the invoice is paid; members who already have access keep it. `expiresAt`: when
 * Stripe drops the unpaid change (the seat job then asks again, at the next reconcile).
 */
export async function seatHold(orgId: string, tx: Prisma.TransactionClient = db): Promise<SeatHold> {
  const sub = governingSubscription(await tx.subscription.findMany({ where: { orgId } }));
  if (!sub || !isManageable(sub.status) || sub.pendingQuantity === null) return { invitationIds: new Set(), expiresAt: null };
  const [members, pending] = await Promise.all([
    tx.membership.count({ where: { orgId } }),
    tx.invitation.findMany({
      where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    }),
  ]);
  const paidForInvitations = Math.max(0, sub.quantity - members);
  return { invitationIds: new Set(pending.slice(paidForInvitations).map((i) => i.id)), expiresAt: sub.pendingUpdateExpiresAt };
}
