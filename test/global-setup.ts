import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedCatalog } from "../lib/billing/seed-catalog";
import { childProcessEnv, exportToEnv } from "../lib/env";
import { PrismaClient } from "../lib/generated/prisma/client";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { getFreePort } from "../scripts/lib/free-port";
import { startMailCatcher } from "../scripts/lib/mail-catcher";
import { runToCompletion, waitForHttp } from "../scripts/lib/processes";

const root = path.resolve(import.meta.dirname, "..");

/** Entitlements read the plan catalog, so every test database starts with it. */
async function seedPlanCatalog(databaseUrl: string) {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  await seedCatalog(db);
  await db.$disconnect();
}

/** One throwaway PostgreSQL and one mail catcher for the whole Vitest run. */
export default async function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-vitest-"));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await getFreePort(), persistent: false });
  await pg.ensureDatabase("tollgate_test");
  const databaseUrl = pg.urlFor("tollgate_test");
  await runToCompletion(
    "migrate",
    path.join(root, "node_modules/.bin/prisma"),
    ["migrate", "deploy"],
    childProcessEnv({ DATABASE_URL: databaseUrl }),
  );
  await runToCompletion(
    "job queue schema",
    path.join(root, "node_modules/.bin/graphile-worker"),
    ["--schema-only", "-c", databaseUrl],
    childProcessEnv(),
  );
  await seedPlanCatalog(databaseUrl);

  const [smtpPort, webPort] = [await getFreePort(), await getFreePort()];
  const maildev = startMailCatcher(root, { smtpPort, webPort }, childProcessEnv());
  await waitForHttp(`http://127.0.0.1:${webPort}/api/healthz`, 20_000);

  exportToEnv({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
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
