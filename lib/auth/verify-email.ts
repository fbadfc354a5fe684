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

export async function confirmEmail(token: string): Promise<void> {
  const userId = await consumeAuthToken(token, "verify_email");
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
}
