import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedCatalog } from "../prisma/data/catalog";
import { childProcessEnv, exportToEnv } from "../scripts/lib/process-env";
import { PrismaClient } from "../lib/generated/prisma/client";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { getFreePort } from "../scripts/lib/free-port";
import { startMailCatcher } from "../scripts/lib/mail-catcher";
import { runToCompletion, waitForHttp } from "../scripts/lib/processes";

const root = path.resolve(import.meta.dirname, "..");
const TEMPLATE = "tollgate_template";

/** Entitlements read the plan catalog, so every test database starts with it. */
async function seedPlanCatalog(databaseUrl: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  await seedCatalog(db);
  await db.$disconnect();
}

/**
 * One throwaway PostgreSQL and one mail catcher for the integration files, which run in parallel: each file gets a
 * database of its own copied from a template migrated here once (test/setup/own-database.ts), so no file sees
 * another's rows, rate-limit counters or reconcile runs.
 */
export default async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-vitest-"));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: await getFreePort(),
    persistent: false,
    maxConnections: 500,
  });
  await pg.ensureDatabase(TEMPLATE);
  const templateUrl = pg.urlFor(TEMPLATE);
  await runToCompletion(
    "migrate",
    path.join(root, "node_modules/.bin/prisma"),
    ["migrate", "deploy"],
    childProcessEnv({ DATABASE_URL: templateUrl }),
  );
  await runToCompletion(
    "job queue schema",
    path.join(root, "node_modules/.bin/graphile-worker"),
    ["--schema-only", "-c", templateUrl],
    childProcessEnv(),
  );
  await seedPlanCatalog(templateUrl);

  const [smtpPort, webPort] = [await getFreePort(), await getFreePort()];
  const maildev = startMailCatcher(root, { smtpPort, webPort }, childProcessEnv());
  await waitForHttp(`http://127.0.0.1:${webPort}/api/healthz`, 20_000);

  exportToEnv({
    NODE_ENV: "test",
    TOLLGATE_TEST_PG_URL: pg.urlFor("postgres"),
    // The local Stripes the app's tests start keep their state in databases of their own on the same server.
    STRIPE_EMULATOR_TEST_PG_URL: pg.urlFor("postgres"),
    TOLLGATE_TEST_PG_TEMPLATE: TEMPLATE,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_BASE_URL: "http://127.0.0.1:3999",
    AUTH_SECRET: "vitest-only-secret",
    TOLLGATE_TEST_MAIL_URL: `http://127.0.0.1:${webPort}`,
  });

  return async () => {
    await maildev.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
