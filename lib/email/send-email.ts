import "server-only";
import { env } from "@/lib/env";
import { mailTransport } from "@/lib/email/transport";
import { log } from "@/lib/log";

export type EmailMessage = { to: string; subject: string; text: string; html: string };

/** Sends one email; a message still being rendered is awaited first. */
export async function sendEmail(message: EmailMessage | Promise<EmailMessage>): Promise<void> {
  await mailTransport().sendMail({ from: env().MAIL_FROM, ...(await message) });
}

/**
 * Sends without failing the caller: the action that wanted the email has
 * already succeeded, and the user can ask for the link again.
 */
export async function sendEmailBestEffort(message: EmailMessage | Promise<EmailMessage>): Promise<boolean> {
  try {
    await sendEmail(message);
    return true;
  } catch (err) {
    const subject = await Promise.resolve(message).then(
      (m) => m.subject,
      () => null,
    );
    log().error({ subject, reason: err instanceof Error ? err.message : String(err) }, "email was not sent");
    return false;
  }
}
