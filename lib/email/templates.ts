import type { EmailMessage } from "@/lib/email/send-email";
import { actionEmailHtml } from "@/lib/email/action-email";

async function actionEmail(
  to: string,
  subject: string,
  heading: string,
  intro: string,
  action: string,
  url: string,
  footer: string,
): Promise<EmailMessage> {
  return {
    to,
    subject,
    text: `${heading}\n\n${intro}\n\n${action}: ${url}\n\n${footer}\n`,
    html: await actionEmailHtml({ heading, intro, action, url, footer }),
  };
}

export const verifyEmailMessage = (to: string, url: string) =>
  actionEmail(
    to,
    "Confirm your email for Tollgate",
    "Confirm your email",
    "Confirm that this address is yours to finish setting up your Tollgate account.",
    "Confirm email",
    url,
    "The link works once and expires in 24 hours. If you did not sign up, ignore this email.",
  );

export const resetPasswordMessage = (to: string, url: string) =>
  actionEmail(
    to,
    "Reset your Tollgate password",
    "Reset your password",
    "Someone asked to reset the password of this Tollgate account. Choose a new one with the link below.",
    "Choose a new password",
    url,
    "The link works once and expires in 1 hour. If you did not ask for it, your password stays as it is.",
  );

export const magicLinkMessage = (to: string, url: string) =>
  actionEmail(
    to,
    "Your Tollgate sign-in link",
    "Sign in to Tollgate",
    "Use the link below to sign in. No password needed.",
    "Sign in",
    url,
    "The link works once and expires in 24 hours.",
  );

export const invitationMessage = (to: string, url: string, orgName: string, inviter: string, role: string) =>
  actionEmail(
    to,
    `${inviter} invited you to ${orgName} on Tollgate`,
    `Join ${orgName} on Tollgate`,
    `${inviter} invited you to join ${orgName} as ${role === "admin" ? "an admin" : `a ${role}`}.`,
    "Accept invitation",
    url,
    "The invitation expires in 7 days.",
  );
