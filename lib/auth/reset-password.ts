import "server-only";
import { z } from "zod";
import { consumeAuthToken, issueAuthToken } from "@/lib/auth/auth-tokens";
import { emailSchema } from "@/lib/auth/emails";
import { hashPassword, passwordSchema } from "@/lib/auth/password";
import { closeAllSessions } from "@/lib/auth/sessions";
import { limitEmail } from "@/lib/rate-limits/limit-email";
import { ratePolicies } from "@/lib/rate-limits/policies";
import { consumeRate, resetRate } from "@/lib/rate-limits/rate-limit";
import { appUrl } from "@/lib/app-url";
import { db } from "@/lib/db";
import { sendEmailBestEffort } from "@/lib/email/send-email";
import { resetPasswordMessage } from "@/lib/email/templates";

export const requestResetInput = z.object({ email: emailSchema });
export const resetPasswordInput = z.object({ token: z.string().min(1).max(200), password: passwordSchema });

/** Sends a reset link when the account exists; answers (and counts) the same either way. */
export async function requestPasswordReset({ email }: z.infer<typeof requestResetInput>, clientIp: string): Promise<void> {
  await limitEmail("reset", email, { clientIp });
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return;
  const token = await issueAuthToken(user.id, "reset_password");
  await sendEmailBestEffort(resetPasswordMessage(user.email, appUrl("/reset-password", { token })));
}

/** Sets the new password, confirms the email (the link proved it) and signs out every other session. */
export async function resetPassword({ token, password }: z.infer<typeof resetPasswordInput>, clientIp: string): Promise<void> {
  await consumeRate(ratePolicies().resetConfirmsPerClient, clientIp);
  // The token first: a made-up one costs a lookup, never a hash.
  const userId = await consumeAuthToken(token, "reset_password");
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    await closeAllSessions(userId, tx);
    return tx.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 }, emailVerified: new Date() },
      select: { email: true },
    });
  });
  await resetRate(ratePolicies().signInsPerAddress, user.email);
}
