// The Stripe emulator's throughput for a simple create call and its webhook delivery latency,
// each beside a baseline measured in the same run on the same machine.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Emulator, Store } from "@tollgate/stripe-emulator";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { getFreePort } from "../scripts/lib/free-port";
import { load } from "./load";
import { checkTarget } from "./targets";
import { ms, summary } from "./stats";

const REQUESTS = 3000;
const CONCURRENCY = 16;
const WEBHOOK_EVENTS = 500;
const form = "email=bench%40example.test&name=Bench&metadata[orgId]=org_bench";
const headers = { authorization: "Bearer sk_test_bench", "content-type": "application/x-www-form-urlencoded" };

/** A server that does the least an HTTP API can: read the body, answer small JSON. */
async function baselineServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"id":"cus_baseline","object":"customer"}'));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function post(url: string): Promise<void> {
  const res = await fetch(url, { method: "POST", headers, body: form });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  await res.arrayBuffer();
}

export async function benchEmulator(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-bench-"));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await getFreePort(), persistent: false });
  await pg.ensureDatabase("bench");
  const emulator = new Emulator(await Store.open(pg.urlFor("bench")), { retryScale: 0.001 });
  const emulatorUrl = await emulator.listen(0);
  const baseline = await baselineServer();
  try {
    await load(200, CONCURRENCY, () => post(`${emulatorUrl}/v1/customers`)); // warm-up
    await load(200, CONCURRENCY, () => post(`${baseline.url}/v1/customers`));
    const base = await load(REQUESTS, CONCURRENCY, () => post(`${baseline.url}/v1/customers`));
    const emu = await load(REQUESTS, CONCURRENCY, () => post(`${emulatorUrl}/v1/customers`));
    const baseRps = REQUESTS / base.seconds;
    const emuRps = REQUESTS / emu.seconds;
    const b = summary(base.latencies);
    const e = summary(emu.latencies);
    console.log(
      `\nStripe emulator — POST /v1/customers, ${REQUESTS} requests each, ${CONCURRENCY} in flight (closed loop: throughput, and service time), state persisted to PostgreSQL`,
    );
    console.log(
      `  baseline (bare Node HTTP)  ${baseRps.toFixed(0).padStart(6)} req/s   p50 ${ms(b.p50)}  p95 ${ms(b.p95)}  p99 ${ms(b.p99)}`,
    );
    console.log(
      `  emulator                   ${emuRps.toFixed(0).padStart(6)} req/s   p50 ${ms(e.p50)}  p95 ${ms(e.p95)}  p99 ${ms(e.p99)}`,
    );
    console.log(
      `  emulator / baseline        ${(emuRps / baseRps).toFixed(3)} × throughput   (target: ≥ 500 req/s absolute → ${checkTarget({
        benchmark: "emulator POST /v1/customers",
        figure: `${emuRps.toFixed(0)} req/s`,
        target: "≥ 500 req/s",
        met: emuRps >= 500,
      })})`,
    );

    // Webhook latency: from the API call's answer to the signed event's arrival at a local endpoint.
    const answeredAt = new Map<string, number>();
    const delays: number[] = [];
    let resolveAll!: () => void;
    const allArrived = new Promise<void>((r) => (resolveAll = r));
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const arrived = performance.now();
        res.writeHead(200).end();
        const id = JSON.parse(Buffer.concat(chunks).toString()).data.object.id as string;
        const answered = answeredAt.get(id);
        if (answered !== undefined) delays.push(arrived - answered);
        if (delays.length === WEBHOOK_EVENTS) resolveAll();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    await fetch(`${emulatorUrl}/v1/webhook_endpoints`, {
      method: "POST",
      headers,
      body: `url=${encodeURIComponent(receiverUrl)}&enabled_events[]=customer.created`,
    });
    const direct = await load(WEBHOOK_EVENTS, 4, async () => {
      const r = await fetch(`${baseline.url}/hook`, { method: "POST", body: "{}" });
      await r.arrayBuffer();
    });
    await load(WEBHOOK_EVENTS, 4, async () => {
      const res = await fetch(`${emulatorUrl}/v1/customers`, { method: "POST", headers, body: form });
      const { id } = (await res.json()) as { id: string };
      answeredAt.set(id, performance.now());
    });
    await Promise.race([
      allArrived,
      new Promise((_, reject) => setTimeout(() => reject(new Error("webhooks did not all arrive within 60 s")), 60_000)),
    ]);
    receiver.close();
    const w = summary(delays);
    const d = summary(direct.latencies);
    console.log(`\nWebhook delivery — ${WEBHOOK_EVENTS} customer.created events, answer → signed arrival`);
    console.log(`  baseline (one local POST)  p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  p99 ${ms(d.p99)}`);
    console.log(`  emulator delivery          p50 ${ms(w.p50)}  p95 ${ms(w.p95)}  p99 ${ms(w.p99)}`);
    console.log(`  p99 emulator / baseline    ${(w.p99 / d.p99).toFixed(2)} ×`);
  } finally {
    await baseline.close();
    await emulator.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
