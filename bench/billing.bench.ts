// The billing back end: Stripe's webhook under a steady rate and a burst of real subscription events while the
// worker handles them (webhooks.bench.ts), the cached entitlement check, and
// what enforcing limits costs a metered write. Each figure sits beside a baseline measured in the same
// run with as many samples.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { seedCatalog } from "../prisma/data/catalog";
import { db } from "../lib/db";
import { forgetEntitlements, getEntitlements } from "../lib/entitlements/entitlements";
import { isListeningForBillingChanges } from "../lib/entitlements/listener";
import { childProcessEnv, exportToEnv } from "../scripts/lib/process-env";
import { migrateJobQueue } from "../lib/jobs/queue";
import { requireStripe } from "../lib/stripe/client";
import { syncCatalog } from "../lib/stripe/catalog-sync";
import { recordRun, runSelect } from "../lib/projects/runs";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { getFreePort } from "../scripts/lib/free-port";
import { rawPool } from "../lib/db/raw-pool";
import { BACKGROUND_NICE, lowerPriorityOfSessions } from "../lib/jobs/session-priority";
import { runToCompletion, startManaged, waitForHttp } from "../scripts/lib/processes";
import { Services } from "../scripts/lib/services";
import { ensureProductionBuild } from "../scripts/lib/build";
import { benchBillingPage } from "./billing-page.bench";
import { benchConsole } from "./console.bench";
import { benchReconcile } from "./reconcile.bench";
import { benchSignIn } from "./sign-in.bench";
import { countingProxy } from "./counting-proxy";
import { lifecycleEvents } from "./lifecycles";
import { deliver } from "./deliveries";
import { benchWebhooks, BURST_EVENTS, STEADY_EVENTS, WARM_EVENTS } from "./webhooks.bench";
import { raiseSenderPriority, recordPostgresVersion } from "./machine";
import { checkTarget } from "./targets";
import { benchMeterDrain, checkMeteredCost, meteredOrg } from "./metered.bench";
import { selected } from "./selection";
import { load } from "./load";
import { ms, summary } from "./stats";

const ROOT = path.resolve(import.meta.dirname, "..");
const EMULATOR_APPLICATION_NAME = "stripe-emulator";
const SECRET = "whsec_bench_only";
const ENTITLEMENT_CALLS = 10_000;
const RUNS = 3000;
const ROUNDS = 5;
const CONCURRENCY = 16;

async function orgOnPlan(label: string, planCode: string) {
  const org = await db.organization.create({ data: { slug: `${label}-${Math.random().toString(36).slice(2, 8)}`, name: label } });
  const now = new Date();
  await db.subscription.create({
    data: {
      orgId: org.id,
      stripeSubscriptionId: `sub_${org.id}`,
      stripeCustomerId: `cus_${org.id}`,
      status: "active",
      planCode,
      interval: "month",
      currentPeriodStart: now,
      currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000),
    },
  });
  const project = await db.project.create({ data: { orgId: org.id, name: "bench" } });
  return { orgId: org.id, projectId: project.id };
}

export async function benchBilling(): Promise<void> {
  // Everything started is registered at once, so a failure half-way leaves nothing running.
  const services = new Services();
  services.stopOnSignals();
  try {
    await measure(services);
  } finally {
    await db.$disconnect();
    await services.stopAll();
  }
}

async function measure(services: Services): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tollgate-bench-billing-"));
  services.add("scratch directory", async () => rmSync(dir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port: await getFreePort(),
    persistent: false,
    ownShutdown: true,
  });
  services.add("PostgreSQL", () => pg.stop());
  await pg.ensureDatabase("bench_app");
  const databaseUrl = pg.urlFor("bench_app");
  await runToCompletion(
    "migrate",
    path.join(ROOT, "node_modules/.bin/prisma"),
    ["migrate", "deploy"],
    childProcessEnv({ DATABASE_URL: databaseUrl }),
  );
  await migrateJobQueue(databaseUrl);
  await pg.ensureDatabase("bench_emulator");
  const emulatorPort = await getFreePort();
  // In production Stripe is another company's servers; its stand-in runs here at lower CPU priority (as the
  // worker does) so that it takes from the app and PostgreSQL only what they leave: its process, and below, the
  // PostgreSQL backends serving it.
  const emulator = startManaged(
    "Stripe emulator",
    "nice",
    ["-n", String(BACKGROUND_NICE), path.join(ROOT, "node_modules/.bin/stripe-emulator")],
    {
      env: childProcessEnv({
        STRIPE_EMULATOR_PORT: String(emulatorPort),
        STRIPE_EMULATOR_DATABASE_URL: pg.urlFor("bench_emulator"),
        PGAPPNAME: EMULATOR_APPLICATION_NAME,
      }),
      quiet: true,
    },
  );
  services.add("Stripe emulator", () => emulator.stop());
  await waitForHttp(`http://127.0.0.1:${emulatorPort}/_emulator/health`, 30_000);
  // Stripe is reached through a counting proxy, so the page benchmark can show that rendering makes no Stripe call.
  const stripeProxy = await countingProxy(`http://127.0.0.1:${emulatorPort}`);
  services.add("Stripe proxy", () => stripeProxy.close());
  const stripeEnv = {
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_API_BASE: stripeProxy.url,
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_PUBLISHABLE_KEY: "pk_test_bench",
  };
  exportToEnv({ DATABASE_URL: databaseUrl, ...stripeEnv });
  const emulatorSessions = lowerPriorityOfSessions(EMULATOR_APPLICATION_NAME);
  services.add("the emulator's sessions' priority", async () => {
    emulatorSessions.stop();
    await rawPool().end();
  });
  await seedCatalog(db);
  await syncCatalog(requireStripe(), db);
  recordPostgresVersion((await db.$queryRaw<{ version: string }[]>`select version()`)[0]!.version);
  // A worker that dies would leave the queue full for ever: the run fails instead of waiting.
  let workerExit: number | null | undefined;
  const startWorker = () => {
    const worker = startManaged(
      "worker",
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", path.join(ROOT, "scripts/worker.ts")],
      {
        env: childProcessEnv({ DATABASE_URL: databaseUrl, WORKER_ID: "bench", ...stripeEnv }),
        quiet: true,
        onExit: (code) => void (workerExit = code),
      },
    );
    services.add("worker", () => worker.stop());
  };
  const assertWorkerAlive = () => {
    if (workerExit !== undefined) throw new Error(`the worker exited (code ${workerExit}) before the queue drained`);
  };
  // The webhook is measured through the built app behind its request guard (scripts/app-server.ts), as Stripe would reach it.
  await ensureProductionBuild(ROOT, childProcessEnv({ DATABASE_URL: databaseUrl }));
  const appPort = await getFreePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = startManaged("app", path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/app-server.ts")], {
    env: childProcessEnv({
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      ...stripeEnv,
      AUTH_SECRET: "bench-only",
      // The sign-in benchmark sends far more attempts from one address than a person could.
      RATE_LIMIT_SIGNINS_PER_CLIENT: "1000000",
      APP_BASE_URL: appUrl,
      HOST: "127.0.0.1",
      PORT: String(appPort),
    }),
    quiet: true,
  });
  services.add("app", () => app.stop());
  await waitForHttp(`${appUrl}/api/health`, 60_000);
  // Everything measured is running; the worker, started later, lowers its own priority.
  raiseSenderPriority();
  // First, on a quiet app: what password hashing takes from everything else the web process answers.
  if (selected("sign-in")) await benchSignIn(appUrl);
  // Real events from subscription lives, sent to the app's webhook while the worker, in its own process, handles
  // them: each re-read from Stripe and mirrored. The worker is running before Stripe sends, as it would be: what a
  // worker's start costs is not part of the steady figures.
  startWorker();
  const webhookUrl = `${appUrl}/api/webhooks/stripe`;
  let steadyEventsPerSecond = NaN;
  if (selected("webhooks")) {
    const events = (await lifecycleEvents(requireStripe(), WARM_EVENTS + STEADY_EVENTS + BURST_EVENTS)).map((e) => ({
      id: e.id,
      type: e.type,
      payload: JSON.stringify(e),
    }));
    steadyEventsPerSecond = await benchWebhooks({
      webhookUrl,
      secret: SECRET,
      stripeCalls: () => stripeProxy.count(),
      events,
      assertWorkerAlive,
    });
  }

  if (selected("entitlements")) await benchEntitlements();
  if (selected("runs")) await benchRuns();
  if (selected("billing-page")) await benchBillingPage(appUrl, () => stripeProxy.count());
  if (selected("console")) await benchConsole(appUrl);
  if (selected("reconcile"))
    await benchReconcile({
      direct: new Stripe("sk_test_bench", { host: "127.0.0.1", port: emulatorPort, protocol: "http" }),
      stripeCalls: () => stripeProxy.count(),
      deliver: (payload) => deliver(webhookUrl, payload, SECRET),
      steadyEventsPerSecond,
    });
}

/** The cached entitlement check against loading it from the database each time. */
async function benchEntitlements(): Promise<void> {
  const { orgId } = await orgOnPlan("ent", "business");
  await getEntitlements(orgId);
  for (let i = 0; i < 200 && !isListeningForBillingChanges(); i++) await new Promise((r) => setTimeout(r, 10));
  await getEntitlements(orgId);
  const cached: number[] = [];
  for (let i = 0; i < ENTITLEMENT_CALLS; i++) {
    const t = performance.now();
    await getEntitlements(orgId);
    cached.push(performance.now() - t);
  }
  const uncached: number[] = [];
  for (let i = 0; i < ENTITLEMENT_CALLS; i++) {
    forgetEntitlements(orgId);
    const t = performance.now();
    await getEntitlements(orgId);
    uncached.push(performance.now() - t);
  }
  const c = summary(cached);
  const u = summary(uncached);
  const entVerdict = checkTarget({
    benchmark: "cached entitlement check p50",
    figure: `${c.p50.toFixed(4)} ms`,
    target: "≤ 0.05 ms",
    met: c.p50 <= 0.05,
  });
  console.log(`\nEntitlement check — getEntitlements(org), ${ENTITLEMENT_CALLS} calls each`);
  console.log(`  baseline (loaded from PostgreSQL)  p50 ${ms(u.p50)}  p99 ${ms(u.p99)}   n ${u.n}`);
  console.log(
    `  cached                             p50 ${c.p50.toFixed(4)} ms  p99 ${c.p99.toFixed(4)} ms   n ${c.n}   (${(u.p50 / c.p50).toFixed(0)} × faster at p50; target p50 ≤ 0.05 ms → ${entVerdict})`,
  );
}

/** A metered write with and without its gate, and in pay-as-you-go mode: the same transaction, plus the limit check and counter. */
async function benchRuns(): Promise<void> {
  const orgs = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => orgOnPlan(`runs${i}`, "business")));
  const payg: { orgId: string; projectId: string }[] = [];
  for (let i = 0; i < CONCURRENCY; i++) payg.push(await meteredOrg(`payg${i}`, "business", await orgOnPlan(`payg${i}`, "business")));
  const user = await db.user.create({ data: { email: `bench-${Date.now()}@example.test` } });
  for (const o of [...orgs, ...payg]) await recordRun(o.orgId, o.projectId, user.id);
  const ungatedRun = async (i: number) => {
    const o = orgs[i % orgs.length]!;
    await db.project.findFirstOrThrow({ where: { id: o.projectId, orgId: o.orgId }, select: { id: true } });
    await db.run.create({ data: { orgId: o.orgId, projectId: o.projectId, createdById: user.id }, select: runSelect });
  };
  const gatedRun = async (i: number) => {
    const o = orgs[i % orgs.length]!;
    await recordRun(o.orgId, o.projectId, user.id);
  };
  // Every one beyond the allowance: metered, its meter event written beside it for the worker to send.
  const meteredRun = async (i: number) => {
    const o = payg[i % payg.length]!;
    await recordRun(o.orgId, o.projectId, user.id);
  };
  await load(300, CONCURRENCY, ungatedRun);
  await load(300, CONCURRENCY, gatedRun);
  await load(300, CONCURRENCY, meteredRun);
  // Alternating rounds, so a slow patch of the machine falls on every side alike.
  const ungated = { latencies: [] as number[], seconds: 0 };
  const gated = { latencies: [] as number[], seconds: 0 };
  const metered = { latencies: [] as number[], seconds: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [side, run] of [
      [ungated, ungatedRun],
      [gated, gatedRun],
      [metered, meteredRun],
    ] as const) {
      const result = await load(RUNS / ROUNDS, CONCURRENCY, run);
      side.latencies.push(...result.latencies);
      side.seconds += result.seconds;
    }
  }
  const ungatedRps = RUNS / ungated.seconds;
  const gatedRps = RUNS / gated.seconds;
  const meteredRps = RUNS / metered.seconds;
  const ratio = gatedRps / ungatedRps;
  const runVerdict = checkTarget({
    benchmark: "recording a run, gated / ungated",
    figure: `${ratio.toFixed(3)} ×`,
    target: "≥ 0.9 ×",
    met: ratio >= 0.9,
  });
  const meteredVerdict = checkMeteredCost(gatedRps, meteredRps);
  console.log(
    `\nRecording a run — ${RUNS} runs each, ${CONCURRENCY} in flight over ${CONCURRENCY} orgs (closed loop: throughput, and service time per run)`,
  );
  console.log(
    `  ungated (project check + insert)            ${ungatedRps.toFixed(0).padStart(5)} runs/s   p50 ${ms(summary(ungated.latencies).p50)}  p99 ${ms(summary(ungated.latencies).p99)}`,
  );
  console.log(
    `  gated (+ entitlements, counted insert)      ${gatedRps.toFixed(0).padStart(5)} runs/s   p50 ${ms(summary(gated.latencies).p50)}  p99 ${ms(summary(gated.latencies).p99)}`,
  );
  console.log(
    `  pay as you go (+ meter event in the outbox) ${meteredRps.toFixed(0).padStart(5)} runs/s   p50 ${ms(summary(metered.latencies).p50)}  p99 ${ms(summary(metered.latencies).p99)}`,
  );
  console.log(`  gated / ungated                             ${ratio.toFixed(3)} × throughput   (target ≥ 0.9 → ${runVerdict})`);
  console.log(
    `  pay as you go / gated                       ${(gatedRps / meteredRps).toFixed(3)} × cost         (target ≤ 1.1 → ${meteredVerdict})`,
  );
  await benchMeterDrain((label) => orgOnPlan(label, "business"));
}
