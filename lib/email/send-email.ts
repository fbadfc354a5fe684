import "server-only";
import { env } from "@/lib/env";
import { mailTransport } from "@/lib/email/transport";
import { log } from "@/lib/log";

export type EmailMessage = { to: string; subject: string; text: string; html: string };

export async function sendEmail(message: EmailMessage): Promise<void> {
  await mailTransport().sendMail({ from: env().MAIL_FROM, ...message });
}

/**
 * Sends without failing the caller: the action that wanted the email has
 * already succeeded, and the user can ask for the link again.
 */
export async function sendEmailBestEffort(message: EmailMessage): Promise<boolean> {
  try {
    await sendEmail(message);
    return true;
  } catch (err) {
    log().error({ subject: message.subject, reason: err instanceof Error ? err.message : String(err) }, "email was not sent");
    return false;
  }
}
