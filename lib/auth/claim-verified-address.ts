import "server-only";
import { closeAllSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";

/**
 * The address's owner has just proved the mailbox (a magic link). If the account was made with a
 * password and never verified, that password may be a squatter's, set before the owner arrived: it is
 * cleared and every session it opened ends, so the account is the owner's alone from now on.
 * Returns whether anything was taken back.
 */
export async function claimVerifiedAddress(email: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, emailVerified: true } });
    if (!user || user.emailVerified || !user.passwordHash) return false;
    await closeAllSessions(user.id, tx);
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: null, sessionVersion: { increment: 1 }, emailVerified: new Date() },
    });
    return true;
  });
}
