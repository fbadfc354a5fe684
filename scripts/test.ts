// `npm test`: the guards (types, lint, format), then every Vitest suite, then every Playwright journey (each brings
// up its own servers), then the conformance report and one summary line.
// `npm test -- <file or name> …`: only the tests those words name, by the runner that owns them, without the guards.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { childProcessEnv } from "./lib/process-env";
import { runToCompletion } from "./lib/processes";
import { ROOT } from "./lib/root";
import { listTestFiles, selectTests, type Selection } from "./lib/test-selection";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const reports = path.join(ROOT, ".test-reports");
mkdirSync(reports, { recursive: true });
// Every local Stripe of the run (its package's tests, the app's, the journeys') checks its answers against the pinned
// API's types and writes what it found here; the last stage reads them.
const conformance = path.join(reports, "conformance");
const env = childProcessEnv({
  NEXT_TELEMETRY_DISABLED: "1",
  TOLLGATE_TEST_REPORT_DIR: reports,
  STRIPE_EMULATOR_CONFORMANCE_DIR: conformance,
});

const failures: string[] = [];
const timings: string[] = [];
async function stage(name: string, command: string, args: string[]) {
  const started = performance.now();
  try {
    await runToCompletion(name, command, args, env);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    timings.push(`${name} ${((performance.now() - started) / 1000).toFixed(0)} s`);
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

const args = process.argv.slice(2);
// `--unit`: the unit project alone, which needs no service (npm run test:unit).
const unitOnly = args.includes("--unit");
const words = args.filter((word) => word !== "--unit");
let selection: Selection | null = unitOnly ? { vitest: [], playwright: [] } : null;
if (words.length > 0) {
  try {
    const named = selectTests(words, listTestFiles(ROOT), ROOT);
    selection = unitOnly ? { vitest: named.vitest, playwright: [] } : named;
  } catch (err) {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}

// The guards come first and are fast; if one fails, the suites are not worth running yet. A run of named tests skips them.
for (const [name, args] of selection
  ? []
  : ([
      ["typecheck", [bin("tsc"), "--noEmit"]],
      ["lint", [bin("eslint"), "--max-warnings", "0", "."]],
      // No circle of imports anywhere (type-only ones counted), and production code loads no dev dependency.
      [
        "structure",
        [
          bin("depcruise"),
          ...["app", "components", "lib", "prisma", "scripts", "test", "e2e", "bench", "packages"],
          "--config",
          ".dependency-cruiser.cjs",
          "--output-type",
          "err",
        ],
      ],
      ["format", [bin("prettier"), "--check", "--log-level", "warn", "."]],
    ] as const)) {
  console.log(`› ${name}`);
  try {
    await runToCompletion(name, args[0], args.slice(1), env);
  } catch (err) {
    console.error(`✖ ${err instanceof Error ? err.message : String(err)}${name === "format" ? " (npx prettier --write . fixes it)" : ""}`);
    process.exit(1);
  }
}

rmSync(conformance, { recursive: true, force: true });
for (const file of ["vitest.json", "playwright.json"]) rmSync(path.join(reports, file), { force: true });
if (!selection || selection.vitest.length > 0 || unitOnly) {
  const vitestArgs = ["run", "--reporter=default", "--reporter=json", `--outputFile=${path.join(reports, "vitest.json")}`];
  await stage("vitest", bin("vitest"), [...vitestArgs, ...(unitOnly ? ["--project", "unit"] : []), ...(selection?.vitest ?? [])]);
}
if (!selection || selection.playwright.length > 0) await stage("playwright", bin("playwright"), ["test", ...(selection?.playwright ?? [])]);
// A run of named tests may start no local Stripe at all; a full run that heard from none has a broken check.
if (!selection || (existsSync(conformance) && readdirSync(conformance).length > 0)) {
  await stage("conformance", bin("stripe-emulator"), ["conformance", conformance]);
}

const { passed, failed } = readCounts();
console.log(`\ntests: ${passed} passed, ${failed} failed (${timings.join(", ")})`);
if (failures.length > 0 || failed > 0) {
  for (const failure of failures) console.error(`✖ ${failure}`);
  process.exit(1);
}
