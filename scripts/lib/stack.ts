import path from "node:path";
import { childProcessEnv } from "../../lib/env";
import { ensureProductionBuild } from "./build";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { runToCompletion, startManaged, waitForHttp, type Managed } from "./processes";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

export type StackOptions = {
  host: string;
  appPort: number;
  appBaseUrl: string;
  authSecret: string;
  /** An external database; when absent an embedded PostgreSQL is started. */
  databaseUrl?: string;
  embeddedPg: { dataDir: string; port: number; persistent: boolean };
  /** An external SMTP server; when absent the mail catcher is started. */
  smtpUrl?: string;
  mailCatcher: { smtpPort: number; webPort: number };
  quietServices?: boolean;
  log: (line: string) => void;
};

export type Stack = { appUrl: string; databaseUrl: string; mailInboxUrl?: string; stop(): Promise<void> };

/** Brings up the whole product: database, migrations, demo data, mail catcher and the built app. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const started: Managed[] = [];
  let pg: RunningPostgres | undefined;
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
    if (pg) await pg.stop();
  };

  try {
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      opts.log(`› Starting PostgreSQL (embedded, data in ${path.relative(ROOT, opts.embeddedPg.dataDir) || opts.embeddedPg.dataDir})…`);
      pg = await startEmbeddedPostgres(opts.embeddedPg);
      await pg.ensureDatabase("tollgate");
      databaseUrl = pg.urlFor("tollgate");
    }
    const baseEnv = childProcessEnv({ DATABASE_URL: databaseUrl });
    opts.log("› Applying migrations…");
    await runToCompletion("prisma migrate deploy", bin("prisma"), ["migrate", "deploy"], baseEnv);
    opts.log("› Seeding demo data…");
    await runToCompletion("seed", bin("tsx"), [path.join(ROOT, "prisma", "seed.ts")], baseEnv);

    let smtpUrl = opts.smtpUrl;
    let mailInboxUrl: string | undefined;
    if (!smtpUrl) {
      const { smtpPort, webPort } = opts.mailCatcher;
      const maildev = startManaged("mail catcher", process.execPath, [
        path.join(ROOT, "node_modules", "maildev", "dist", "bin", "maildev.js"),
        "--smtp", String(smtpPort), "--web", String(webPort), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent",
      ], { env: baseEnv, quiet: true });
      started.push(maildev);
      mailInboxUrl = `http://127.0.0.1:${webPort}`;
      await waitForHttp(`${mailInboxUrl}/api/healthz`, 20_000, () => maildev.child.exitCode === null);
      smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
    }

    await ensureProductionBuild(ROOT, baseEnv);
    const appEnv = childProcessEnv({
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      AUTH_SECRET: opts.authSecret,
      APP_BASE_URL: opts.appBaseUrl,
      HOST: opts.host,
      PORT: String(opts.appPort),
    });
    const app = startManaged("app", bin("next"), ["start", "-H", opts.host, "-p", String(opts.appPort)], { env: appEnv, quiet: opts.quietServices });
    started.push(app);
    await waitForHttp(`${opts.appBaseUrl}/api/health`, 60_000, () => app.child.exitCode === null);
    return { appUrl: opts.appBaseUrl, databaseUrl, mailInboxUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
