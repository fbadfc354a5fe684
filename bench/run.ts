// `npm run bench`: every benchmark, printed as percentiles and as ratios against a baseline from the same run.
import { benchEmulator } from "./emulator.bench";

await benchEmulator();
