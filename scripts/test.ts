// `npm test`: the guards (types, lint, format), then every Vitest suite, then every Playwright journey (each brings
// up its own servers), then one summary line.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { childProcessEnv } from "../lib/env";
import { runToCompletion } from "./lib/processes";
import { ROOT } from "./lib/stack";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const reports = path.join(ROOT, ".test-reports");
mkdirSync(reports, { recursive: true });
const env = childProcessEnv({ NEXT_TELEMETRY_DISABLED: "1", TOLLGATE_TEST_REPORT_DIR: reports });

const failures: string[] = [];
async function stage(name: string, command: string, args: string[]) {
  try {
    await runToCompletion(name, command, args, env);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  }
}

function readCounts(): { passed: number; failed: number } {
  const read = (file: string) => {
    try {
      return JSON.parse(readFileSync(path.join(reports, file), "utf8"));
    } catch {
      return null;
    }
  };
  const unit = read("vitest.json");
  const e2e = read("playwright.json");
  return {
    passed: (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0),
    failed: (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0),
  };
}

// The guards come first and are fast; if one fails, the suites are not worth running yet.
for (const [name, args] of [
  ["typecheck", [bin("tsc"), "--noEmit"]],
  ["lint", [bin("eslint"), "--max-warnings", "0", "."]],
  ["format", [bin("prettier"), "--check", "--log-level", "warn", "."]],
] as const) {
  console.log(`› ${name}`);
  try {
    await runToCompletion(name, args[0], args.slice(1), env);
  } catch (err) {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}${name === "format" ? " (npx prettier --write . fixes it)" : ""}`);
    process.exit(1);
  }
}

// Every emulator of the run checks its answers against the pinned Stripe API's types; the last stage reads them.
const conformance = path.join(reports, "conformance");
rmSync(conformance, { recursive: true, force: true });
await stage("vitest", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${path.join(reports, "vitest.json")}`]);
await stage("playwright", bin("playwright"), ["test"]);
await stage("conformance", bin("tsx"), [path.join(ROOT, "emulator", "conformance", "report.ts"), conformance]);

const { passed, failed } = readCounts();
console.log(`\ntests: ${passed} passed, ${failed} failed`);
if (failures.length > 0 || failed > 0) {
  for (const failure of failures) console.error(`✖ ${failure}`);
  process.exit(1);
}
