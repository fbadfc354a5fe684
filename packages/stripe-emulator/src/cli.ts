// `stripe-emulator`: the local Stripe on STRIPE_EMULATOR_PORT until Ctrl-C.
// `stripe-emulator conformance <dir>`: the report of what a test run's emulators checked (exit 1 on any violation).
import { reportConformance } from "./conformance/report";
import { startEmulator } from "./index";
import { emulatorSettings } from "./settings";

const [command, ...rest] = process.argv.slice(2);

if (command === "conformance") {
  if (!rest[0]) {
    console.error("usage: stripe-emulator conformance <dir>");
    process.exit(2);
  }
  process.exit(reportConformance(rest[0]) ? 0 : 1);
} else if (command === undefined || command === "serve") {
  const settings = emulatorSettings();
  const { emulator, url } = await startEmulator({
    port: settings.STRIPE_EMULATOR_PORT,
    host: settings.STRIPE_EMULATOR_HOST,
    databaseUrl: settings.STRIPE_EMULATOR_DATABASE_URL ?? null,
    retryScale: settings.STRIPE_EMULATOR_RETRY_SCALE,
    conformanceDir: settings.STRIPE_EMULATOR_CONFORMANCE_DIR,
    log: settings.STRIPE_EMULATOR_LOG === "on" ? (line) => console.log(line) : undefined,
  });
  const memory = settings.STRIPE_EMULATOR_DATABASE_URL ? "" : " (state in memory only: set STRIPE_EMULATOR_DATABASE_URL to keep it)";
  console.log(`Stripe emulator listening on ${url}${memory}. The API is under ${url}/v1 with any sk_test_ key; Ctrl-C stops it.`);
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} else {
  console.error(`unknown command ${command}; expected serve (the default) or conformance <dir>`);
  process.exit(2);
}
