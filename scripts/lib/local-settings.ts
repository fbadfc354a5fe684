// The settings of the local stack `npm start`, `npm run emulator` and `npm run cli` bring up on one machine (where
// the embedded database, the mail catcher and the local Stripe listen); production reads none of them.
import { z } from "zod";
import { describeSettings, type Setting } from "../../lib/env";

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  DATA_DIR: z.string().default(".data").describe("Where the embedded database and the generated secrets live."),
  EMBEDDED_PG_PORT: port.default(54329).describe("The embedded PostgreSQL's port."),
  MAILDEV_SMTP_PORT: port.default(1025).describe("The mail catcher's SMTP port."),
  MAILDEV_WEB_PORT: port.default(1080).describe("The mail catcher's inbox (web page and REST API)."),
  STRIPE_EMULATOR_PORT: port.default(12111).describe("The local Stripe's port."),
});

export type LocalSettings = z.infer<typeof schema>;

export function localSettings(): LocalSettings {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export const localSettingsDescribed = (): Setting[] => describeSettings(schema.shape);
