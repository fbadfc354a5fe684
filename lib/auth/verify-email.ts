import "server-only";
import { consumeAuthToken, issueAuthToken } from "@/lib/auth/auth-tokens";
import { appUrl } from "@/lib/app-url";
import { db } from "@/lib/db";
import { sendEmailBestEffort } from "@/lib/email/send-email";
import { verifyEmailMessage } from "@/lib/email/templates";

export async function sendVerificationEmail(userId: string, email: string): Promise<boolean> {
  const token = await issueAuthToken(userId, "verify_email");
  return sendEmailBestEffort(verifyEmailMessage(email, appUrl("/verify-email", { token })));
}

/**
 * Confirms the address of the signed-in account the link was issued to. Being signed in matters: an
 * account made with someone else's address (and the maker's password) must not become verified because
 * the address's real owner clicked the link in their own browser.
 */
export async function confirmEmail(token: string, signedInUserId: string): Promise<void> {
  const userId = await consumeAuthToken(token, "verify_email", signedInUserId);
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
}
