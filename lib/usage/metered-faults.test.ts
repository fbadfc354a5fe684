import path from "node:path";
import pLimit from "p-limit";
import { describe, expect, it, vi } from "vitest";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { setOverage } from "@/lib/billing/commands/overage";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { recordRun } from "@/lib/projects/runs";
import type { ReconcileContext } from "@/lib/reconcile/context";
import { emptyCounts } from "@/lib/reconcile/findings";
import { reconcileMeteredUsage } from "@/lib/reconcile/metered-usage";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { startManaged, type Managed } from "@/scripts/lib/processes";
import { renewed, setUpBillingStack, subscribedOnClock } from "@/test/support/billing-stack";
import { meteredDrillRuns } from "@/test/support/test-settings";
import { queueMeterSender } from "./meter-event-outbox";

// The done-when of pay as you go: 100,000 runs, metered exactly once through every fault at once.

const root = path.resolve(import.meta.dirname, "..", "..");
const stack = setUpBillingStack({ worker: false });

/**
 * The done-when's 100,000 runs take several minutes here (`TOLLGATE_TEST_METERED_DRILL_RUNS=100000 npx vitest run
 * lib/usage/metered-faults.test.ts`); `npm test` runs the same drill at 20,000 to keep CI inside its budget.
 */
const RUNS = meteredDrillRuns();
/** Every twentieth submission is sent twice (a client's retry with the same Idempotency-Key): 5 %. */
const DUPLICATE_EVERY = 20;
const REPLAYED = RUNS / 20;

/** The worker as deployed, in its own process, so it can be killed; its claims on meter events last 3 s. */
function startWorker(): Managed {
  return startManaged(
    "worker",
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(root, "scripts/worker.ts")],
    {
      env: childProcessEnv({ WORKER_ID: "metered-drill", WORKER_CONCURRENCY: "4", METER_EVENT_CLAIM_SECONDS: "3" }),
      quiet: true,
    },
  );
}

async function kill(worker: Managed): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once("exit", resolve));
  process.kill(-worker.child.pid!, "SIGKILL");
  await exited;
}

const count = (orgId: string, status?: "sent" | "pending") => db.meterEvent.count({ where: { orgId, ...(status ? { status } : {}) } });

describe("metered overage under faults", () => {
  it(
    `bills ${RUNS.toLocaleString("en-US")} runs exactly once through duplicates, a killed worker, Stripe down and an out-of-order replay`,
    { timeout: 600_000 },
    async () => {
      let worker = startWorker();
      let following: ReturnType<typeof setInterval> | undefined;
      try {
        const o = await subscribedOnClock(stack(), { daysAgo: 3 });
        await setOverage(o.org, o.owner.id, { mode: "metered" });
        const ent = await getEntitlements(o.org.id);
        // The allowance is used: every run from here is billable.
        await db.usageCounter.create({
          data: { orgId: o.org.id, meter: "runs", periodStart: ent.period.start, count: ent.limits.runsPerMonth! },
        });
        const project = await db.project.create({ data: { orgId: o.org.id, name: "drill" } });
        // Stripe takes a meter event up to 5 minutes ahead of its customer's clock: the test clock keeps up with the
        // present while the drill runs, as time would pass for a real customer.
        following = setInterval(() => void o.clock.advanceTo(new Date()).catch(() => {}), 30_000);
        const keys: string[] = [];
        for (let i = 0; i < RUNS; i++) {
          keys.push(`drill-${i}`);
          // The retry goes out a few submissions later, often while the first is still being recorded.
          if (i % DUPLICATE_EVERY === 0) keys.splice(Math.max(0, keys.length - 5), 0, `drill-${i}`);
        }
        const limit = pLimit(16);
        const submit = (from: number, to: number) =>
          Promise.all(keys.slice(from, to).map((key) => limit(() => recordRun(o.org.id, project.id, o.owner.id, { idempotencyKey: key }))));
        const third = Math.floor(keys.length / 3);

        // The worker is killed while it sends: some events are claimed by it, some sent, the rest waiting.
        const first = submit(0, third);
        const inFlight = () => db.meterEvent.count({ where: { orgId: o.org.id, status: "pending", claimedUntil: { gt: new Date() } } });
        await vi.waitUntil(async () => (await count(o.org.id, "sent")) >= RUNS / 20 && (await inFlight()) > 0, {
          timeout: 120_000,
          interval: 20,
        });
        await kill(worker);
        await first;
        expect(await count(o.org.id, "sent")).toBeLessThan(third);

        // Stripe refuses meter events for a stretch while runs keep coming and a new worker starts.
        stack().emu.emulator.writeFault.configure(["/v1/billing/meter_events"]);
        try {
          worker = startWorker();
          await submit(third, 2 * third);
        } finally {
          stack().emu.emulator.writeFault.configure([]);
        }
        await submit(2 * third, keys.length);
        expect(await db.run.count({ where: { orgId: o.org.id } })).toBe(RUNS);
        expect(await count(o.org.id)).toBe(RUNS);

        // Part of the outbox is replayed out of order, as a restore from a backup would: sent again, counted once.
        await vi.waitUntil(async () => (await count(o.org.id, "sent")) >= REPLAYED, { timeout: 120_000, interval: 100 });
        await db.$executeRaw`
        update "MeterEvent" set "status" = 'pending', "acknowledgedAt" = null, "claimedUntil" = null,
          "createdAt" = "createdAt" - random() * interval '1 hour'
        where "id" in (select "id" from "MeterEvent" where "orgId" = ${o.org.id} and "status" = 'sent' order by random() limit ${REPLAYED})`;
        await queueMeterSender(db, o.org.id);

        await vi.waitUntil(async () => (await count(o.org.id, "sent")) === RUNS, { timeout: 240_000, interval: 250 });
        // Stripe's meter holds each run once, and the reconcile finds nothing to say.
        const meter = await db.billingMeter.findUniqueOrThrow({ where: { code: "runs" } });
        const sub = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
        const minute = (d: Date, round: (x: number) => number) => round(d.getTime() / 60_000) * 60;
        const summaries = await stack().stripe.billing.meters.listEventSummaries(meter.stripeMeterId!, {
          customer: o.customerId,
          start_time: minute(sub.currentPeriodStart!, Math.floor),
          end_time: minute(sub.currentPeriodEnd!, Math.ceil),
        });
        expect(summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0)).toBe(RUNS);
        const ctx: ReconcileContext = { cause: causedBySystem("reconcile:drill"), since: new Date(0), findings: [], counts: emptyCounts() };
        await inStripeWorkScope({}, () => reconcileMeteredUsage([o.org.id], ctx, new Date(Date.now() + 11 * 60_000)));
        expect(ctx.findings).toEqual([]);
        expect(ctx.counts.objectsCompared).toBeGreaterThan(0);

        // The renewal bills them: 100,000 × $0.10.
        await renewed(o);
        const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
        const invoices = await stack().stripe.invoices.list({ customer: o.customerId, limit: 10 });
        const renewal = invoices.data.find((i) => i.billing_reason === "subscription_cycle")!;
        const metered = renewal.lines.data.filter((l) => l.pricing?.price_details?.price === team.stripeMeteredMonthlyPriceId);
        expect(metered.map((l) => [l.quantity, l.amount])).toEqual([[RUNS, RUNS * team.overageRunPriceCents!]]);
      } finally {
        clearInterval(following);
        await kill(worker).catch(() => {});
      }
    },
  );
});
