// The stack the Playwright journeys run against: a throwaway database, the mail catcher and the built app.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sharedTestValue } from "../../test/support/test-settings";
import { Services } from "../../scripts/lib/services";
import { startStack } from "../../scripts/lib/stack";
import { E2E_WEBHOOK_SECRET } from "./env";

const port = (name: `TOLLGATE_TEST_${string}`) => {
  const value = Number(sharedTestValue(name));
  if (!value) throw new Error(`${name} is not set; run the journeys with npx playwright test`);
  return value;
};

const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-e2e-"));
const services = new Services();
services.add("scratch directory", async () => rmSync(dir, { recursive: true, force: true }));
services.stopOnSignals();
const appPort = port("TOLLGATE_TEST_APP_PORT");
const reportDir = sharedTestValue("TOLLGATE_TEST_REPORT_DIR");
const stack = await startStack(
  {
    host: "127.0.0.1",
    appPort,
    appBaseUrl: `http://127.0.0.1:${appPort}`,
    authSecret: "e2e-only-secret",
    demoData: true,
    // Three processing attempts (about 10 s of backoff) before an event is kept as failed, so the console's journey
    // can see one fail and retry it.
    // The vendor's license key, so operators can issue licenses for self-hosted customers.
    appSettings: {
      RATE_LIMIT_EMAILS_PER_CLIENT: "100000",
      RATE_LIMIT_SIGNINS_PER_CLIENT: "100000",
      RATE_LIMIT_INVITES_PER_USER: "100000",
      RATE_LIMIT_ORGS_PER_USER: "100000",
      WEBHOOK_MAX_ATTEMPTS: "3",
      LICENSE_PRIVATE_KEY: sharedTestValue("TOLLGATE_TEST_LICENSE_PRIVATE_KEY") ?? "",
    },
    embeddedPg: { dataDir: path.join(dir, "pg"), port: port("TOLLGATE_TEST_PG_PORT"), persistent: false },
    mailCatcher: { smtpPort: port("TOLLGATE_TEST_SMTP_PORT"), webPort: port("TOLLGATE_TEST_MAIL_PORT") },
    stripeEmulator: {
      port: port("TOLLGATE_TEST_STRIPE_PORT"),
      webhookSecret: E2E_WEBHOOK_SECRET,
      retryScale: 0.001,
      // Under `npm test`, the emulator checks its answers against the pinned API's types.
      conformanceDir: reportDir ? path.join(reportDir, "conformance") : undefined,
    },
    log: (line) => console.log(line),
  },
  services,
);
console.log(`e2e stack ready at ${stack.appUrl}`);
