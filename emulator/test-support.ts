import path from "node:path";
import { sharedTestValue } from "@/lib/env";
import { ConformanceObserver } from "./conformance/observer";
import http from "node:http";
import Stripe from "stripe";
import { freshDatabaseUrl } from "@/test/support/databases";
import { Emulator } from "./server";
import { Store } from "./store/store";

export type TestEmulator = { emulator: Emulator; url: string; stripe: Stripe; databaseUrl: string; close(): Promise<void> };

export function sdkFor(url: string, key = "sk_test_contract"): Stripe {
  const base = new URL(url);
  return new Stripe(key, { host: base.hostname, port: Number(base.port), protocol: "http", maxNetworkRetries: 0 });
}

/** An emulator on a free port with its own database, driven through the official SDK. */
export async function startTestEmulator(opts: { databaseUrl?: string; retryScale?: number } = {}): Promise<TestEmulator> {
  const databaseUrl = opts.databaseUrl ?? (await freshDatabaseUrl("emulator"));
  // Under `npm test`, every answer and event is checked against the pinned API's types (reported at the end).
  const reports = sharedTestValue("TOLLGATE_TEST_REPORT_DIR");
  const conformance = reports ? await ConformanceObserver.start(path.join(reports, "conformance")) : undefined;
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
