// `npm run bench`: every benchmark, printed as percentiles and as ratios against a baseline from the same run,
// then the machine they ran on and a table of every target; a missed target fails the run (exit code 1).
// `npm run bench -- <part> …` runs only those parts (bench/selection.ts).
import { benchBilling } from "./billing.bench";
import { benchEmulator } from "./emulator.bench";
import { describeMachine } from "./machine";
import { BENCH_PARTS, selected } from "./selection";
import { printTargetTable } from "./targets";

if (selected("emulator")) await benchEmulator();
if (BENCH_PARTS.some((part) => part !== "emulator" && selected(part))) await benchBilling();
console.log(`\n${describeMachine()}`);
const allMet = printTargetTable();
// The entitlements change listener keeps a connection open; the benchmarks are done.
process.exit(allMet ? 0 : 1);
