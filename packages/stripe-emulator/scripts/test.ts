// `npm test` in this package: its own tests, every emulator they start checking its answers against the pinned API's
// types, then the report of that check. The words after `--` go to Vitest (`npm test -- wire`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { reportConformance } from "../src/conformance/report";

const root = path.resolve(import.meta.dirname, "..");
const conformance = mkdtempSync(path.join(os.tmpdir(), "stripe-emulator-conformance-"));
const vitest = spawnSync("npx", ["vitest", "run", "--config", path.join(root, "vitest.config.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, STRIPE_EMULATOR_CONFORMANCE_DIR: conformance },
});
const conforms = reportConformance(conformance);
rmSync(conformance, { recursive: true, force: true });
process.exit(vitest.status === 0 && conforms ? 0 : 1);
