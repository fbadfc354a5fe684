import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Next's guard against importing server code in the browser; tests run on the server side.
      { find: "server-only", replacement: path.join(root, "test/support/empty-module.ts") },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "emulator/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 20_000,
    // Route handlers import next-auth, whose ESM imports `next/server` without an extension; Vite resolves it.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 60_000,
  },
});
