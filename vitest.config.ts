import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { sharedTestValue } from "./test/support/test-settings";

const root = import.meta.dirname;
const roots = ["lib", "scripts", "test"];

// Integration files mostly wait (on PostgreSQL, the local Stripe, child processes), so more of them run at once
// than there are cores; TOLLGATE_TEST_WORKERS overrides it.
const workers = Number(sharedTestValue("TOLLGATE_TEST_WORKERS")) || Math.max(2, Math.min(6, os.availableParallelism() * 2));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Next's guard against importing server code in the browser; tests run on the server side.
      { find: "server-only", replacement: path.join(root, "test/support/empty-module.ts") },
    ],
  },
  test: {
    maxWorkers: workers,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Route handlers import next-auth, whose ESM imports `next/server` without an extension; Vite resolves it.
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      // The local Stripe's own tests, with its own setup (packages/stripe-emulator/vitest.config.ts).
      "packages/stripe-emulator",
      {
        extends: true,
        test: {
          name: "unit",
          include: roots.map((dir) => `${dir}/**/*.unit.test.ts`),
          // No PostgreSQL, mail catcher or local Stripe: a unit file that reaches for one fails at once.
          setupFiles: ["test/setup/no-services.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // Real hashing, servers and child processes on a shared 2-core runner: the slowest honest tests take 15 s on
          // a calm machine, so the limit leaves room for a busy one.
          testTimeout: 60_000,
          include: roots.map((dir) => `${dir}/**/*.test.ts`),
          exclude: ["**/node_modules/**", "**/*.unit.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup/own-database.ts"],
        },
      },
    ],
  },
});
