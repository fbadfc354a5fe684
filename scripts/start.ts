import path from "node:path";
import { env } from "../lib/env";
import { localSettings } from "./lib/local-settings";
import { loadDotEnv } from "./lib/process-env";
import { embeddedPostgresPassword, localSecret, securePrivateFiles } from "./lib/secrets";
import { Services, describeFailure } from "./lib/services";
import { ROOT } from "./lib/root";
import { startStack } from "./lib/stack";

if (loadDotEnv(ROOT)) console.log("› Read settings from .env (variables set in the shell win)");
const e = env();
const local = localSettings();
const dataDir = path.resolve(ROOT, local.DATA_DIR);
securePrivateFiles(dataDir);
// Demo accounts (with a published password) only ever go into the embedded database of this checkout.
const demoData = !e.DATABASE_URL;

// A real key without an API base means real Stripe; otherwise the local emulator stands in.
const useRealStripe = Boolean(e.STRIPE_SECRET_KEY && !e.STRIPE_API_BASE);
const webhookSecret = e.STRIPE_WEBHOOK_SECRET ?? localSecret(dataDir, "STRIPE_WEBHOOK_SECRET", "whsec_");

const services = new Services();
services.stopOnSignals(() => console.log("› Stopped."));
process.once("SIGINT", () => console.log("\n› Stopping Tollgate…"));

const stack = await startStack(
  {
    host: e.HOST,
    appPort: e.PORT,
    appBaseUrl: e.APP_BASE_URL,
    authSecret: e.AUTH_SECRET ?? localSecret(dataDir, "AUTH_SECRET"),
    demoData,
    databaseUrl: e.DATABASE_URL,
    embeddedPg: {
      dataDir: path.join(dataDir, "pg"),
      port: local.EMBEDDED_PG_PORT,
      persistent: true,
      password: e.DATABASE_URL ? undefined : embeddedPostgresPassword(dataDir),
    },
    smtpUrl: e.SMTP_URL_IS_CUSTOM ? e.SMTP_URL : undefined,
    mailCatcher: { smtpPort: local.MAILDEV_SMTP_PORT, webPort: local.MAILDEV_WEB_PORT },
    stripeEmulator: useRealStripe ? undefined : { port: local.STRIPE_EMULATOR_PORT, webhookSecret },
    log: (line) => console.log(line),
  },
  services,
).catch(async (err: unknown) => {
  if (services.isStopping) return new Promise<never>(() => {}); // a signal is already shutting down
  console.error(`\n✖ Tollgate could not start: ${describeFailure(err)}`);
  await services.stopAll();
  process.exit(1);
});

console.log(`
  Tollgate is running.

    App          ${stack.appUrl}
    Sign in      ${stack.appUrl}/signin
    Pricing      ${stack.appUrl}/pricing
    Console      ${stack.appUrl}/admin  (operators)
    Inbox        ${stack.mailInboxUrl ?? "(sending through SMTP_URL)"}
    Stripe       ${
      stack.stripeEmulatorUrl
        ? `${stack.stripeEmulatorUrl}  (local emulator)` +
          `\n    Webhooks     ${stack.appUrl}/api/webhooks/stripe  signing secret ${e.STRIPE_WEBHOOK_SECRET ? "from STRIPE_WEBHOOK_SECRET" : "in " + path.relative(ROOT, path.join(dataDir, "secrets.json"))}`
        : "real Stripe (STRIPE_SECRET_KEY)"
    }
    Database     ${e.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL, data in " + path.relative(ROOT, path.join(dataDir, "pg"))}

${
  demoData
    ? `  Demo sign-ins (password: tollgate-demo)
    owner@acme.test · admin@acme.test · member@acme.test   (org: acme)
    owner@globex.test                                      (org: globex)
    ops@tollgate.test                                      (superadmin: the console at /admin)`
    : `  No demo data: DATABASE_URL points at your own database, so no demo accounts were created.
  Sign up at ${stack.appUrl}/signup. For a production deployment, see docs/deploying.md.`
}

  Press Ctrl-C to stop.
`);
