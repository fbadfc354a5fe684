import path from "node:path";
import { env } from "../lib/env";
import { localSecret } from "./lib/secrets";
import { ROOT, startStack } from "./lib/stack";

const e = env();
const dataDir = path.resolve(ROOT, e.DATA_DIR);

const stack = await startStack({
  host: e.HOST,
  appPort: e.PORT,
  appBaseUrl: e.APP_BASE_URL,
  authSecret: e.AUTH_SECRET ?? localSecret(dataDir, "AUTH_SECRET"),
  databaseUrl: e.DATABASE_URL,
  embeddedPg: { dataDir: path.join(dataDir, "pg"), port: e.EMBEDDED_PG_PORT, persistent: true },
  smtpUrl: e.SMTP_URL_IS_CUSTOM ? e.SMTP_URL : undefined,
  mailCatcher: { smtpPort: e.MAILDEV_SMTP_PORT, webPort: e.MAILDEV_WEB_PORT },
  log: (line) => console.log(line),
}).catch((err: unknown) => {
  console.error(`\n✖ Tollgate could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

console.log(`
  Tollgate is running.

    App          ${stack.appUrl}
    Sign in      ${stack.appUrl}/signin
    Inbox        ${stack.mailInboxUrl ?? "(sending through SMTP_URL)"}
    Database     ${e.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL, data in " + path.relative(ROOT, path.join(dataDir, "pg"))}

  Demo sign-ins (password: tollgate-demo)
    owner@acme.test · admin@acme.test · member@acme.test   (org: acme)
    owner@globex.test                                      (org: globex)
    ops@tollgate.test                                      (superadmin)

  Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\n› Stopping Tollgate…");
  await stack.stop();
  console.log("› Stopped.");
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
