import path from "node:path";
import { childProcessEnv } from "./process-env";
import { ensureProductionBuild } from "./build";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { migrateDatabase } from "./migrate";
import { assertPortsFree } from "./ports";
import { startMailCatcher } from "./mail-catcher";
import { runToCompletion, startManaged, waitForHttp } from "./processes";
import type { Services } from "./services";
import { ROOT } from "./root";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

export type StackOptions = {
  host: string;
  appPort: number;
  appBaseUrl: string;
  authSecret: string;
  /** Seed the demo accounts and history (demo mode only: never against a database of real users). */
  demoData: boolean;
  /** An external database; when absent an embedded PostgreSQL is started. */
  databaseUrl?: string;
  embeddedPg: { dataDir: string; port: number; persistent: boolean; password?: string };
  /** An external SMTP server; when absent the mail catcher is started. */
  smtpUrl?: string;
  mailCatcher: { smtpPort: number; webPort: number };
  /** Start the local Stripe emulator on this port (absent: the app talks to real Stripe with its own keys). */
  stripeEmulator?: { port: number; webhookSecret: string; retryScale?: number; conformanceDir?: string };
  quietServices?: boolean;
  /** Extra settings for the app and worker processes (the journeys raise the per-network limits: every browser is 127.0.0.1). */
  appSettings?: Record<string, string>;
  log: (line: string) => void;
};

const EMULATOR_KEYS = { secret: "sk_test_tollgate_local_emulator", publishable: "pk_test_tollgate_local_emulator" };

export type Stack = { appUrl: string; databaseUrl: string; mailInboxUrl?: string; stripeEmulatorUrl?: string };

/**
 * Brings up the whole product: database, migrations, demo data, mail catcher and
 * the built app. Everything started is registered with `services` as soon as it
 * runs, so the caller can stop it all at any moment.
 */
export async function startStack(opts: StackOptions, services: Services): Promise<Stack> {
  const abortIfStopping = () => {
    if (services.isStopping) throw new Error("stopped during start-up");
  };
  await assertPortsFree([
    { port: opts.appPort, what: "the app", variable: "PORT" },
    ...(opts.databaseUrl ? [] : [{ port: opts.embeddedPg.port, what: "embedded PostgreSQL", variable: "EMBEDDED_PG_PORT" }]),
    ...(opts.stripeEmulator ? [{ port: opts.stripeEmulator.port, what: "Stripe emulator", variable: "STRIPE_EMULATOR_PORT" }] : []),
    ...(opts.smtpUrl
      ? []
      : [
          { port: opts.mailCatcher.smtpPort, what: "mail catcher SMTP", variable: "MAILDEV_SMTP_PORT" },
          { port: opts.mailCatcher.webPort, what: "mail catcher inbox", variable: "MAILDEV_WEB_PORT" },
        ]),
  ]);
  let databaseUrl = opts.databaseUrl;
  let emulatorDatabaseUrl = databaseUrl;
  if (!databaseUrl) {
    opts.log(`› Starting PostgreSQL (embedded, data in ${path.relative(ROOT, opts.embeddedPg.dataDir) || opts.embeddedPg.dataDir})…`);
    const pg: RunningPostgres = await startEmbeddedPostgres({ ...opts.embeddedPg, ownShutdown: true });
    services.add("PostgreSQL", () => pg.stop());
    abortIfStopping();
    await pg.ensureDatabase("tollgate");
    databaseUrl = pg.urlFor("tollgate");
    await pg.ensureDatabase("stripe_emulator");
    emulatorDatabaseUrl = pg.urlFor("stripe_emulator");
  }
  const baseEnv = childProcessEnv({ DATABASE_URL: databaseUrl });
  await migrateDatabase(databaseUrl, baseEnv, opts.log);
  if (opts.demoData) {
    opts.log("› Seeding demo data…");
    await runToCompletion("seed", bin("tsx"), [path.join(ROOT, "prisma", "seed.ts")], baseEnv);
  }

  let smtpUrl = opts.smtpUrl;
  let mailInboxUrl: string | undefined;
  if (!smtpUrl) {
    const { smtpPort, webPort } = opts.mailCatcher;
    const maildev = startMailCatcher(ROOT, { smtpPort, webPort }, baseEnv);
    services.add(
      "mail catcher",
      () => maildev.stop(),
      () => maildev.kill(),
    );
    mailInboxUrl = `http://127.0.0.1:${webPort}`;
    await waitForHttp(`${mailInboxUrl}/api/healthz`, 20_000, () => maildev.child.exitCode === null);
    smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  }

  let stripeEnv: Record<string, string> = {};
  let stripeEmulatorUrl: string | undefined;
  if (opts.stripeEmulator) {
    const { port, webhookSecret, retryScale, conformanceDir } = opts.stripeEmulator;
    opts.log("› Starting the Stripe emulator…");
    const emulator = startManaged("Stripe emulator", bin("stripe-emulator"), [], {
      env: childProcessEnv({
        STRIPE_EMULATOR_PORT: String(port),
        STRIPE_EMULATOR_DATABASE_URL: emulatorDatabaseUrl,
        STRIPE_EMULATOR_RETRY_SCALE: String(retryScale ?? 1),
        ...(conformanceDir ? { STRIPE_EMULATOR_CONFORMANCE_DIR: conformanceDir } : {}),
      }),
      quiet: true,
    });
    services.add(
      "Stripe emulator",
      () => emulator.stop(),
      () => emulator.kill(),
    );
    stripeEmulatorUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${stripeEmulatorUrl}/_emulator/health`, 30_000, () => emulator.child.exitCode === null);
    const registered = await fetch(`${stripeEmulatorUrl}/_emulator/webhook_endpoints`, {
      method: "POST",
      body: JSON.stringify({ url: `${opts.appBaseUrl}/api/webhooks/stripe`, secret: webhookSecret, enabled_events: ["*"] }),
    });
    if (!registered.ok) throw new Error(`the Stripe emulator refused the webhook endpoint (${registered.status})`);
    stripeEnv = {
      STRIPE_API_BASE: stripeEmulatorUrl,
      STRIPE_SECRET_KEY: EMULATOR_KEYS.secret,
      STRIPE_PUBLISHABLE_KEY: EMULATOR_KEYS.publishable,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
    };
  }

  abortIfStopping();
  await ensureProductionBuild(ROOT, baseEnv);
  abortIfStopping();
  const appEnv = childProcessEnv({
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    AUTH_SECRET: opts.authSecret,
    APP_BASE_URL: opts.appBaseUrl,
    HOST: opts.host,
    PORT: String(opts.appPort),
    ...stripeEnv,
    ...opts.appSettings,
  });
  const worker = startManaged("job worker", bin("tsx"), ["--conditions=react-server", path.join(ROOT, "scripts", "worker.ts")], {
    env: appEnv,
    quiet: opts.quietServices,
  });
  services.add(
    "job worker",
    () => worker.stop(),
    () => worker.kill(),
  );
  const app = startManaged("app", bin("tsx"), [path.join(ROOT, "scripts", "app-server.ts")], { env: appEnv, quiet: opts.quietServices });
  services.add(
    "app",
    () => app.stop(),
    () => app.kill(),
  );
  await waitForHttp(`${opts.appBaseUrl}/api/health`, 60_000, () => app.child.exitCode === null && worker.child.exitCode === null);
  // Whatever writes to Stripe runs once the app and its worker are up, so every event it causes is delivered and
  // processed as in production; run before, their deliveries failed and waited for Stripe's retry (a reconcile
  // then found them as missed).
  if (stripeEmulatorUrl) {
    opts.log("› Syncing the plan catalog to Stripe…");
    const cli = (...args: string[]) => ["--conditions=react-server", path.join(ROOT, "scripts", "cli.ts"), ...args];
    await runToCompletion("catalog sync", bin("tsx"), cli("catalog", "sync"), childProcessEnv({ ...stripeEnv, DATABASE_URL: databaseUrl }));
    if (opts.demoData) {
      opts.log("› Subscribing the demo org to Team…");
      await runToCompletion(
        "demo billing",
        bin("tsx"),
        cli("demo", "billing"),
        childProcessEnv({ ...stripeEnv, DATABASE_URL: databaseUrl }),
      );
      opts.log("› Building the demo platform for the operator console (first start only)…");
      await runToCompletion(
        "demo platform",
        bin("tsx"),
        cli("demo", "platform"),
        childProcessEnv({ ...stripeEnv, DATABASE_URL: databaseUrl }),
      );
    }
  }
  return { appUrl: opts.appBaseUrl, databaseUrl, mailInboxUrl, stripeEmulatorUrl };
}
