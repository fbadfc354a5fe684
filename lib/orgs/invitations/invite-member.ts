import "server-only";
import { utc } from "@date-fns/utc";
import { addDays } from "date-fns";
import { z } from "zod";
import { appUrl } from "@/lib/app-url";
import type { CurrentUser } from "@/lib/auth/current-user";
import { emailSchema } from "@/lib/auth/emails";
import { db } from "@/lib/db";
import { sendEmailBestEffort } from "@/lib/email/send-email";
import { invitationMessage } from "@/lib/email/templates";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { assertMayAddSeat } from "@/lib/entitlements/limits";
import { AppError } from "@/lib/errors";
import { lockOrg } from "@/lib/orgs/lock-org";
import type { OrgAccess } from "@/lib/orgs/org-access";
import { roleSchema } from "@/lib/orgs/roles";
import { limitEmail } from "@/lib/rate-limits/limit-email";
import { newLinkToken } from "@/lib/tokens";
import { recordSeatChange, scheduleInvitationExpiry, SEAT_QUOTE_TTL_SECONDS } from "@/lib/orgs/seat-changes";

export const inviteInput = z.object({
  email: emailSchema,
  role: roleSchema.default("member"),
  /** The proration date of the seat price the dialog showed (GET …/seats/quote): the seat is charged from it. */
  prorationDate: z.number().int().positive().optional(),
});

const INVITE_TTL_DAYS = 7;

/** Invites by email; inviting the same address again replaces the pending invitation with a fresh link. */
export async function inviteMember(actor: OrgAccess, inviter: CurrentUser, input: z.infer<typeof inviteInput>) {
  // An unconfirmed account could be anyone's address: it sends no email in another person's name.
  if (!inviter.emailVerified) throw new AppError("email_unverified", "Confirm your email address before you invite anyone.");
  if (input.role === "owner" && actor.role !== "owner") throw new AppError("forbidden", "Only owners can invite owners.");
  const existing = await db.membership.findFirst({ where: { orgId: actor.org.id, user: { email: input.email } }, select: { id: true } });
  if (existing) throw new AppError("already_member", `${input.email} is already a member of ${actor.org.name}.`);
  await limitEmail("invite", input.email, { orgId: actor.org.id, userId: inviter.id });

  const quote = quotedSeatPrice(input.prorationDate);
  const { token, hash } = newLinkToken();
  const ent = await getEntitlements(actor.org.id);
  const invitation = await db.$transaction(async (tx) => {
    await lockOrg(tx, actor.org.id);
    await assertMayAddSeat(tx, ent, actor.org.id, input.email);
    await tx.invitation.updateMany({
      where: { orgId: actor.org.id, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordSeatChange(tx, actor.org.id, { quote });
    const created = await tx.invitation.create({
      data: {
        orgId: actor.org.id,
        email: input.email,
        role: input.role,
        tokenHash: hash,
        invitedById: inviter.id,
        expiresAt: addDays(new Date(), INVITE_TTL_DAYS, { in: utc }),
      },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    });
    await scheduleInvitationExpiry(tx, created);
    return created;
  });
  const emailSent = await sendEmailBestEffort(
    invitationMessage(input.email, appUrl(`/invite/${token}`), actor.org.name, inviter.name ?? inviter.email, input.role),
  );
  return { invitation, emailSent };
}

/** A quote older than its time to live, or from the future, is refused: the seat would be charged another price. */
function quotedSeatPrice(prorationDate: number | undefined): { prorationDate: number } | null {
  if (prorationDate === undefined) return null;
  const now = Date.now() / 1000;
  if (prorationDate > now + 60 || prorationDate < now - SEAT_QUOTE_TTL_SECONDS)
    throw new AppError("quote_expired", "The seat price shown has expired; look at it again before you invite.");
  return { prorationDate };
}
