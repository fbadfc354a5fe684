// `npm run emails:preview`: renders every billing email and account email with sample data into .data/email-previews/ (HTML and text)
// and prints where to open them.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BILLING_EMAIL_KINDS, renderBillingEmail, type BillingEmailKind } from "../lib/billing-emails/render/render";
import { SAMPLE_ORG, SAMPLES } from "../lib/billing-emails/render/samples";
import { invitationMessage, magicLinkMessage, resetPasswordMessage, verifyEmailMessage } from "../lib/email/templates";
import { ROOT } from "./lib/root";

const dir = path.join(ROOT, ".data", "email-previews");
mkdirSync(dir, { recursive: true });
const link = (pathname: string) => `http://127.0.0.1:3000${pathname}?token=sample`;
const accountEmails = {
  verify_email: () => verifyEmailMessage("ann@example.com", link("/verify-email")),
  reset_password: () => resetPasswordMessage("ann@example.com", link("/reset-password")),
  sign_in_link: () => magicLinkMessage("ann@example.com", link("/api/auth/callback/nodemailer")),
  invitation: () => invitationMessage("bo@example.com", link("/invite/sample"), SAMPLE_ORG.name, "Ann Owner", "admin"),
};
const emails: [string, () => Promise<{ subject: string; html: string; text: string }>][] = [
  ...(Object.keys(BILLING_EMAIL_KINDS) as BillingEmailKind[]).map(
    (kind) => [kind, () => renderBillingEmail(kind, SAMPLES[kind], SAMPLE_ORG)] as [string, () => ReturnType<typeof renderBillingEmail>],
  ),
  ...Object.entries(accountEmails),
];
for (const [kind, render] of emails) {
  const email = await render();
  writeFileSync(path.join(dir, `${kind}.html`), email.html);
  writeFileSync(path.join(dir, `${kind}.txt`), `Subject: ${email.subject}\n\n${email.text}\n`);
  console.log(`${kind.padEnd(16)} file://${path.join(dir, `${kind}.html`)}   (${email.subject})`);
}
