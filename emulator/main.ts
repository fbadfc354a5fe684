// `npm run emulator`: the local Stripe on STRIPE_EMULATOR_PORT, its state in PostgreSQL.
import { env } from "../lib/env";
import { ConformanceObserver } from "./conformance/observer";
import { Emulator } from "./server";
import { Store } from "./store/store";

export async function startEmulator(opts: {
  port: number;
  databaseUrl: string | null;
  retryScale: number;
  log?: (line: string) => void;
  conformanceDir?: string;
}) {
  const store = await Store.open(opts.databaseUrl);
  const conformance = opts.conformanceDir ? await ConformanceObserver.start(opts.conformanceDir) : undefined;
  const emulator = new Emulator(store, { retryScale: opts.retryScale, log: opts.log, conformance });
  const url = await emulator.listen(opts.port);
  return { emulator, url };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const e = env();
  const { emulator, url } = await startEmulator({
    port: e.STRIPE_EMULATOR_PORT,
    databaseUrl: e.STRIPE_EMULATOR_DATABASE_URL ?? null,
    retryScale: e.STRIPE_EMULATOR_RETRY_SCALE,
    conformanceDir: e.STRIPE_EMULATOR_CONFORMANCE_DIR,
    log: e.LOG_LEVEL === "debug" ? console.log : undefined,
  });
  console.log(
    `Stripe emulator listening on ${url}${e.STRIPE_EMULATOR_DATABASE_URL ? "" : " (state in memory only: set STRIPE_EMULATOR_DATABASE_URL to keep it)"}`,
  );
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
