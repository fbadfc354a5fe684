// `npm run emulator`: the local Stripe alone, as `npm start` runs it: its state goes to STRIPE_EMULATOR_DATABASE_URL,
// or to the embedded PostgreSQL under .data/ (started here, or reused when `npm start` already runs it).
// `npx stripe-emulator` is the package's own command, in memory unless told otherwise.
import path from "node:path";
import { localSettings } from "./lib/local-settings";
import { emulatorSettings, startEmulator } from "@tollgate/stripe-emulator";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { assertPortsFree } from "./lib/ports";
import { embeddedPostgresPassword } from "./lib/secrets";
import { Services, describeFailure } from "./lib/services";
import { ROOT } from "./lib/root";
import pg from "pg";

const local = localSettings();
const own = emulatorSettings();
const services = new Services();
services.stopOnSignals();

async function databaseUrl(): Promise<string> {
  if (own.STRIPE_EMULATOR_DATABASE_URL) return own.STRIPE_EMULATOR_DATABASE_URL;
  const dataDir = path.join(path.resolve(ROOT, local.DATA_DIR), "pg");
  const password = embeddedPostgresPassword(path.resolve(ROOT, local.DATA_DIR));
  const running = await assertPortsFree([{ port: local.EMBEDDED_PG_PORT, what: "PostgreSQL", variable: "EMBEDDED_PG_PORT" }]).then(
    () => false,
    () => true,
  );
  if (!running) {
    const server = await startEmbeddedPostgres({ dataDir, port: local.EMBEDDED_PG_PORT, persistent: true, ownShutdown: true, password });
    services.add("PostgreSQL", () => server.stop());
    await server.ensureDatabase("stripe_emulator");
    return server.urlFor("stripe_emulator");
  }
  const url = `postgresql://tollgate:${encodeURIComponent(password)}@127.0.0.1:${local.EMBEDDED_PG_PORT}`;
  const admin = new pg.Client({ connectionString: `${url}/postgres` });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'stripe_emulator'");
  if (exists.rowCount === 0) await admin.query("create database stripe_emulator");
  await admin.end();
  return `${url}/stripe_emulator`;
}

try {
  const { emulator, url } = await startEmulator({
    port: local.STRIPE_EMULATOR_PORT,
    databaseUrl: await databaseUrl(),
    retryScale: own.STRIPE_EMULATOR_RETRY_SCALE,
    log: console.log,
  });
  services.add("Stripe emulator", () => emulator.close());
  console.log(`Stripe emulator on ${url} — Stripe API under ${url}/v1, any sk_test_ key. Ctrl-C stops it.`);
} catch (err) {
  console.error(`✖ The Stripe emulator could not start: ${describeFailure(err)}`);
  await services.stopAll();
  process.exit(1);
}
