// `npm run emails:preview`: renders every billing email with sample data into .data/email-previews/ (HTML and text)
// and prints where to open them.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BILLING_EMAIL_KINDS, renderBillingEmail, type BillingEmailKind } from "../lib/billing-emails/render/render";
import { SAMPLE_ORG, SAMPLES } from "../lib/billing-emails/render/samples";
import { ROOT } from "./lib/stack";

const dir = path.join(ROOT, ".data", "email-previews");
mkdirSync(dir, { recursive: true });
for (const kind of Object.keys(BILLING_EMAIL_KINDS) as BillingEmailKind[]) {
  const email = await renderBillingEmail(kind, SAMPLES[kind], SAMPLE_ORG);
  writeFileSync(path.join(dir, `${kind}.html`), email.html);
  writeFileSync(path.join(dir, `${kind}.txt`), `Subject: ${email.subject}\n\n${email.text}\n`);
  console.log(`${kind.padEnd(16)} file://${path.join(dir, `${kind}.html`)}   (${email.subject})`);
}
