// `npm run bench`: every benchmark, printed as percentiles and as ratios against a baseline from the same run.
import { benchBilling } from "./billing.bench";
import { benchEmulator } from "./emulator.bench";

await benchEmulator();
await benchBilling();
// The entitlements change listener keeps a connection open; the benchmarks are done.
process.exit(0);
