// What tests of the emulator, and of programs that use it, start it with.
import { randomUUID } from "node:crypto";
import http from "node:http";
import pg from "pg";
import Stripe from "stripe";
import { ConformanceObserver } from "../conformance/observer";
import { Emulator } from "../server";
import { emulatorSettings, sharedTestValue } from "../settings";
import { Store } from "../store/store";

export { cliEnvironment, stripeCliBinary } from "./stripe-cli";

export type TestEmulator = { emulator: Emulator; url: string; stripe: Stripe; databaseUrl: string | null; close(): Promise<void> };

/**
 * A new, empty database on the PostgreSQL server STRIPE_EMULATOR_TEST_PG_URL names (the package's test setup starts
 * one; a program's own test setup may name its server), or null, for a store in memory, when none is named.
 */
export async function freshEmulatorDatabase(): Promise<string | null> {
  const server = sharedTestValue("STRIPE_EMULATOR_TEST_PG_URL");
  if (!server) return null;
  const name = `emulator_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new URL(server);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export function sdkFor(url: string, key = "sk_test_contract"): Stripe {
  const base = new URL(url);
  return new Stripe(key, { host: base.hostname, port: Number(base.port), protocol: "http", maxNetworkRetries: 0 });
}

/** An emulator on a free port with its own database, driven through the official SDK. */
export async function startTestEmulator(opts: { databaseUrl?: string | null; retryScale?: number } = {}): Promise<TestEmulator> {
  const databaseUrl = opts.databaseUrl === undefined ? await freshEmulatorDatabase() : opts.databaseUrl;
  // In a test run that names a conformance folder, every answer and event is checked against the pinned API's types.
  const dir = emulatorSettings().STRIPE_EMULATOR_CONFORMANCE_DIR;
  const conformance = dir ? await ConformanceObserver.start(dir) : undefined;
  const emulator = new Emulator(await Store.open(databaseUrl), { retryScale: opts.retryScale ?? 0.00005, conformance });
  const url = await emulator.listen(0);
  return { emulator, url, stripe: sdkFor(url), databaseUrl, close: () => emulator.close() };
}

export type Received = { body: string; signature: string; status: number; at: number };

/** A local webhook receiver that answers with the statuses it is told, in turn, then 200. */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = statuses.shift() ?? 200;
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers["stripe-signature"] ?? ""),
        status,
        at: Date.now(),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/webhooks`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
