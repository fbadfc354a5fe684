import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getFreePort } from "../../scripts/lib/free-port";
import { Services } from "../../scripts/lib/services";
import { startStack } from "../../scripts/lib/stack";

type Connection = { pid: number; process: string; kind: "connect" | "lookup"; host: string; port?: number };

export type SelfHostedStack = {
  appUrl: string;
  appPort: number;
  mailWebPort: number;
  pgPort: number;
  smtpPort: number;
  /** Every outbound connection and host lookup the app and worker made so far. */
  connections(): Connection[];
  /** Stops the app and worker (the data stays) and starts them again with other settings. */
  restart(settings: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

const recorder = path.resolve(import.meta.dirname, "record-connections.mjs");

/**
 * A second Tollgate, self-hosted: its own embedded PostgreSQL (seeded with the demo accounts), mail catcher, app and
 * worker, with no Stripe key and no emulator. The app and worker record their outbound connections.
 */
export async function startSelfHostedStack(settings: Record<string, string>): Promise<SelfHostedStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-self-hosted-"));
  const log = path.join(dir, "connections.jsonl");
  writeFileSync(log, "");
  const [appPort, pgPort, smtpPort, webPort] = await Promise.all([getFreePort(), getFreePort(), getFreePort(), getFreePort()]);
  const appUrl = `http://127.0.0.1:${appPort}`;
  const pgPassword = randomBytes(18).toString("base64url");
  let services = new Services();
  const start = async (appSettings: Record<string, string>, demoData: boolean) => {
    await startStack(
      {
        host: "127.0.0.1",
        appPort,
        appBaseUrl: appUrl,
        authSecret: "self-hosted-e2e-only-secret",
        demoData,
        embeddedPg: { dataDir: path.join(dir, "pg"), port: pgPort, persistent: true, password: pgPassword },
        mailCatcher: { smtpPort, webPort },
        quietServices: true,
        appSettings: {
          // Whatever the shell running the tests has, this installation has no Stripe.
          STRIPE_SECRET_KEY: "",
          STRIPE_PUBLISHABLE_KEY: "",
          STRIPE_API_BASE: "",
          STRIPE_WEBHOOK_SECRET: "",
          RATE_LIMIT_EMAILS_PER_CLIENT: "100000",
          RATE_LIMIT_SIGNINS_PER_CLIENT: "100000",
          RATE_LIMIT_INVITES_PER_USER: "100000",
          RATE_LIMIT_ORGS_PER_USER: "100000",
          NODE_OPTIONS: `--import ${pathToFileURL(recorder).href}`,
          TOLLGATE_CONNECTION_LOG: log,
          ...appSettings,
        },
        log: () => {},
      },
      services,
    );
  };
  await start(settings, true);
  return {
    appUrl,
    appPort,
    mailWebPort: webPort,
    pgPort,
    smtpPort,
    connections: () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Connection),
    restart: async (next) => {
      await services.stopAll();
      services = new Services();
      await start(next, false);
    },
    stop: async () => {
      await services.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
