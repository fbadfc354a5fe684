import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chromium, defineConfig, devices } from "@playwright/test";
import { childProcessEnv, exportToEnv } from "./scripts/lib/process-env";
import { chromiumPathSetting, sharedTestValue } from "./test/support/test-settings";
import { chooseChromium, isExecutable } from "./test/support/chromium";

// Free ports are chosen once, in the runner, and inherited by its workers through the environment.
function freePortSync(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
}
if (!sharedTestValue("TOLLGATE_TEST_APP_PORT")) {
  exportToEnv({
    TOLLGATE_TEST_APP_PORT: freePortSync(),
    TOLLGATE_TEST_SMTP_PORT: freePortSync(),
    TOLLGATE_TEST_MAIL_PORT: freePortSync(),
    TOLLGATE_TEST_PG_PORT: freePortSync(),
    TOLLGATE_TEST_STRIPE_PORT: freePortSync(),
  });
}
// The license key pair of this run: the e2e stack signs with it as the vendor, the self-hosted stack checks with it.
if (!sharedTestValue("TOLLGATE_TEST_LICENSE_PRIVATE_KEY")) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  exportToEnv({
    TOLLGATE_TEST_LICENSE_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    TOLLGATE_TEST_LICENSE_PUBLIC_KEY: publicKey.export({ type: "spki", format: "pem" }).toString(),
  });
}
const appPort = sharedTestValue("TOLLGATE_TEST_APP_PORT")!;
const baseURL = `http://127.0.0.1:${appPort}`;
// Chromium's sandbox cannot start as root (a container's usual user); elsewhere it stays on.
const runningAsRoot = process.getuid?.() === 0;
const browser = chooseChromium({
  named: chromiumPathSetting(),
  searchPath: childProcessEnv().PATH,
  platform: process.platform,
  playwrightChromium: chromium.executablePath(),
  isExecutable,
});

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: "playwright-report" }],
    ["json", { outputFile: `${sharedTestValue("TOLLGATE_TEST_REPORT_DIR") ?? ".test-reports"}/playwright.json` }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browser.executablePath,
      args: [
        ...(runningAsRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testIgnore: /(stripe-down|console-reconcile)\.spec\.ts/,
    },
    // Faults that hold the whole stack's Stripe (and open the app's breaker) run alone, after everything else.
    {
      name: "stripe-down",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /stripe-down\.spec\.ts/,
      dependencies: ["chromium"],
    },
    // A full reconcile reads every org the journeys made, so it waits for them all.
    {
      name: "console-reconcile",
      use: { ...devices["Desktop Chrome"], channel: undefined },
      testMatch: /console-reconcile\.spec\.ts/,
      dependencies: ["stripe-down"],
    },
  ],
  webServer: {
    command: "npx tsx e2e/support/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
