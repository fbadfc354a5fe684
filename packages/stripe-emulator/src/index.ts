// What a program that runs the local Stripe needs: the server, its store and its settings.
import { ConformanceObserver } from "./conformance/observer";
import { Emulator, type EmulatorOptions } from "./server";
import { Store } from "./store/store";

export { Emulator, type EmulatorOptions } from "./server";
export { Store } from "./store/store";
export { emulatorSettings, type EmulatorSettings } from "./settings";

/** An emulator listening on `port`, its state in `databaseUrl` (null: memory only). */
export async function startEmulator(opts: {
  port: number;
  host?: string;
  databaseUrl: string | null;
  retryScale?: number;
  log?: (line: string) => void;
  conformanceDir?: string;
}): Promise<{ emulator: Emulator; url: string }> {
  const store = await Store.open(opts.databaseUrl);
  const conformance = opts.conformanceDir ? await ConformanceObserver.start(opts.conformanceDir) : undefined;
  const options: EmulatorOptions = { retryScale: opts.retryScale, log: opts.log, conformance };
  const emulator = new Emulator(store, options);
  const url = await emulator.listen(opts.port, opts.host);
  return { emulator, url };
}
