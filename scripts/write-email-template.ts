// `npm run emails:template`: compiles the account emails' MJML (lib/email/action-email-source.ts) into the HTML the web
// process fills in (lib/email/action-email-template.ts), so the web process never loads MJML. A unit test fails when
// the stored HTML is not what the source compiles to.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { actionEmailTemplateModule } from "../lib/email/action-email-template-module";

const file = path.resolve(import.meta.dirname, "..", "lib", "email", "action-email-template.ts");
writeFileSync(file, await actionEmailTemplateModule());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
