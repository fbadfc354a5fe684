import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { setOverage } from "@/lib/billing/commands/overage";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { previewUpcomingInvoice } from "@/lib/billing/commands/invoice-preview";
import { removeIdleMeteredItem } from "@/lib/billing/overage/overage-item";
import { recordRun } from "@/lib/projects/runs";
import {
  drained,
  orgWithCustomer,
  payCheckout,
  renewed,
  setUpBillingStack,
  subscribedOnClock,
  type BillingStack,
} from "@/test/support/billing-stack";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { METER_EVENTS_TASK } from "./meter-event-outbox";
import { requeueStrandedSenders, sendMeterEvents } from "./send-meter-events";
import { catchUpUsageAlerts } from "./usage-sweep";
import { causedBySystem } from "@/lib/audit/billing-audit";
import type { ReconcileContext } from "@/lib/reconcile/context";
import { emptyCounts } from "@/lib/reconcile/findings";
import { reconcileMeteredUsage } from "@/lib/reconcile/metered-usage";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";

const stack = setUpBillingStack();

type Org = Awaited<ReturnType<typeof subscribedOnClock>>;

/** A Team org on pay as you go, `left` runs short of its allowance, with a project to run. */
async function meteredOrg(left: number): Promise<Org & { projectId: string; allowed: number }> {
  const o = await subscribedOnClock(stack(), { daysAgo: 3 });
  await setOverage(o.org, o.owner.id, { mode: "metered" });
  const ent = await getEntitlements(o.org.id);
  const allowed = ent.limits.runsPerMonth!;
  await db.usageCounter.create({ data: { orgId: o.org.id, meter: "runs", periodStart: ent.period.start, count: allowed - left } });
  const project = await db.project.create({ data: { orgId: o.org.id, name: "metered" } });
  return { ...o, projectId: project.id, allowed };
}

const runs = (o: Org & { projectId: string }, n: number) =>
  Promise.all(Array.from({ length: n }, () => recordRun(o.org.id, o.projectId, o.owner.id)));

/** What Stripe's meter holds for the customer over the current period (its event summaries, summed). */
async function meteredOnStripe(s: BillingStack, o: Org): Promise<number> {
  const meter = await db.billingMeter.findUniqueOrThrow({ where: { code: "runs" } });
  const sub = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id }, orderBy: { createdAt: "desc" } });
  // Summaries are asked for in whole minutes.
  const minute = (d: Date, round: (x: number) => number) => round(d.getTime() / 60_000) * 60;
  const summaries = await s.stripe.billing.meters.listEventSummaries(meter.stripeMeterId!, {
    customer: o.customerId,
    start_time: minute(sub.currentPeriodStart!, Math.floor),
    end_time: minute(sub.currentPeriodEnd!, Math.ceil),
  });
  return summaries.data.reduce((sum, x) => sum + x.aggregated_value, 0);
}

/**
 * Stripe refuses meter events while `n` runs are recorded, until the sender has tried and let each go, and while
 * `meanwhile` runs; then it answers again.
 */
async function runsWhileStripeRefuses(o: Org & { projectId: string }, n: number, meanwhile: () => Promise<void> = async () => {}) {
  stack().emu.emulator.writeFault.configure(["/v1/billing/meter_events"]);
  try {
    const before = await db.meterEvent.count({ where: { orgId: o.org.id, lastError: { not: null } } });
    await runs(o, n);
    const refused = { orgId: o.org.id, attempts: { gt: 0 }, claimedUntil: null, lastError: { not: null } };
    await vi.waitUntil(async () => (await db.meterEvent.count({ where: refused })) - before >= n, { timeout: 10_000, interval: 20 });
    await meanwhile();
  } finally {
    stack().emu.emulator.writeFault.configure([]);
  }
}

const statuses = async (orgId: string) =>
  (await db.meterEvent.groupBy({ by: ["status"], where: { orgId }, _count: true })).map((g) => [g.status, g._count]);

describe("pay-as-you-go overage", () => {
  it("puts the plan's metered price on the subscription and meters each run beyond the allowance once, billed at renewal", async () => {
    const o = await meteredOrg(2);
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const items = (await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data.map((i) => i.price.id);
    expect(items.sort()).toEqual([team.stripeMonthlyPriceId, team.stripeMeteredMonthlyPriceId].sort());
    expect((await getEntitlements(o.org.id)).overage).toMatchObject({ mode: "metered", runPriceCents: 10 });
    // A second save finds the item there and adds none.
    await setOverage(o.org, o.owner.id, { mode: "metered" });
    expect((await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data).toHaveLength(2);

    await runs(o, 5);
    // The two within the allowance are not metered; the three beyond are, one event each, named by their run.
    const events = await db.meterEvent.findMany({ where: { orgId: o.org.id } });
    expect(events).toHaveLength(3);
    for (const e of events) expect(e.id).toBe(`run_${e.runId}`);
    await drained();
    expect(await statuses(o.org.id)).toEqual([["sent", 3]]);
    expect(await meteredOnStripe(stack(), o)).toBe(3);

    const preview = await previewUpcomingInvoice(o.org);
    expect(
      preview.lines
        .filter((l) => !l.proration)
        .map((l) => l.amount)
        .sort((a, b) => a - b),
    ).toEqual([30, team.monthlyPriceCents]);

    await renewed(o);
    const invoices = await stack().stripe.invoices.list({ customer: o.customerId, limit: 10 });
    const renewal = invoices.data.find((i) => i.billing_reason === "subscription_cycle")!;
    const metered = renewal.lines.data.filter((l) => l.pricing?.price_details?.price === team.stripeMeteredMonthlyPriceId);
    expect(metered.map((l) => [l.quantity, l.amount])).toEqual([[3, 30]]);
    expect(renewal.total).toBe(preview.total);
  });

  it("records a run sent twice with one Idempotency-Key once, metered once, even when both arrive together", async () => {
    const o = await meteredOrg(0);
    const submit = () => recordRun(o.org.id, o.projectId, o.owner.id, { idempotencyKey: "nightly-2026-12-08" });
    const results = await Promise.all(Array.from({ length: 10 }, submit));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await submit()).replayed).toBe(true);
    expect(await db.run.count({ where: { orgId: o.org.id } })).toBe(1);
    expect(await db.meterEvent.count({ where: { orgId: o.org.id } })).toBe(1);
    const counter = await db.usageCounter.findFirstOrThrow({ where: { orgId: o.org.id, meter: "runs" } });
    expect(counter.count).toBe(o.allowed + 1);
  });

  it("sends nothing twice: an event sent again after its answer was lost, a second sender, Stripe refusing writes for a while", async () => {
    const o = await meteredOrg(0);
    await runs(o, 3);
    await drained();
    expect(await meteredOnStripe(stack(), o)).toBe(3);

    // The worker died after Stripe took two events but before it wrote so: they are pending again, and sent again.
    const two = (await db.meterEvent.findMany({ where: { orgId: o.org.id }, take: 2 })).map((e) => e.id);
    await db.meterEvent.updateMany({ where: { id: { in: two } }, data: { status: "pending", acknowledgedAt: null } });
    await Promise.all([sendMeterEvents(o.org.id), sendMeterEvents(o.org.id)]);
    expect(await statuses(o.org.id)).toEqual([["sent", 3]]);
    expect(await meteredOnStripe(stack(), o)).toBe(3);

    // Stripe refuses meter events: the runs are recorded, their events wait, and the job waits to try again.
    stack().emu.emulator.writeFault.configure(["/v1/billing/meter_events"]);
    try {
      await runs(o, 4);
      const attempts = async () =>
        (
          await db.$queryRaw<
            { attempts: number }[]
          >`select attempts from graphile_worker.jobs where key = ${`${METER_EVENTS_TASK}:${o.org.id}`}`
        )[0]?.attempts ?? 0;
      await vi.waitUntil(async () => (await attempts()) >= 1, { timeout: 10_000, interval: 20 });
      expect(await db.meterEvent.count({ where: { orgId: o.org.id, status: "pending" } })).toBe(4);
      expect(await meteredOnStripe(stack(), o)).toBe(3);
    } finally {
      stack().emu.emulator.writeFault.configure([]);
    }
    await drained(30_000);
    expect(await statuses(o.org.id)).toEqual([["sent", 7]]);
    expect(await meteredOnStripe(stack(), o)).toBe(7);
  });

  it("queues a sender again once one has used up its retries, so a long outage loses no event", async () => {
    const o = await meteredOrg(0);
    const key = `${METER_EVENTS_TASK}:${o.org.id}`;
    await runsWhileStripeRefuses(o, 2, async () => {
      // Days of Stripe away: the job's last attempt failed, and it is kept as failed.
      const exhausted = () =>
        db.$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts, run_at = now() + interval '1 day'
          where key = ${key} and locked_at is null`;
      await vi.waitUntil(async () => (await exhausted()) === 1, { timeout: 10_000, interval: 20 });
      await db.meterEventDrain.update({ where: { orgId: o.org.id }, data: { createdAt: new Date(Date.now() - 120_000) } });
    });
    expect(await requeueStrandedSenders()).toEqual({ requeued: 1 });
    await drained(30_000);
    expect(await statuses(o.org.id)).toEqual([["sent", 2]]);
    expect(await meteredOnStripe(stack(), o)).toBe(2);
    expect(await db.meterEventDrain.count({ where: { orgId: o.org.id } })).toBe(0);
    expect(await requeueStrandedSenders()).toEqual({ requeued: 0 });
  });

  it("reports a run Stripe will no longer take (older than its 35 days) instead of dropping it silently", async () => {
    const o = await meteredOrg(0);
    await runs(o, 1);
    const [event] = await db.meterEvent.findMany({ where: { orgId: o.org.id } });
    await drained();
    // The same run's event found in a backup restored weeks later: its time is outside what Stripe accepts.
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db.meterEvent.create({
      data: { id: "run_restored", orgId: o.org.id, runId: "restored", periodStart: old, occurredAt: old },
    });
    await sendMeterEvents(o.org.id);
    expect((await db.meterEvent.findUniqueOrThrow({ where: { id: "run_restored" } })).status).toBe("rejected");
    const audit = await db.billingAuditEntry.findFirstOrThrow({ where: { orgId: o.org.id, action: "usage.meter_event_rejected" } });
    expect(audit).toMatchObject({ kind: "mismatch", resolvedAt: null, after: { event: "run_restored" } });
    expect((await db.meterEvent.findUniqueOrThrow({ where: { id: event!.id } })).status).toBe("sent");
    expect(await meteredOnStripe(stack(), o)).toBe(1);
  });

  it("leaves an event first sent longer ago than Stripe deduplicates unconfirmed, for the reconcile, instead of sending it again", async () => {
    const o = await meteredOrg(0);
    await runsWhileStripeRefuses(o, 2);
    const [old] = await db.meterEvent.findMany({ where: { orgId: o.org.id }, take: 1 });
    await db.meterEvent.update({ where: { id: old!.id }, data: { firstSentAt: new Date(Date.now() - 21 * 3600_000) } });
    await drained(30_000);
    expect((await db.meterEvent.findUniqueOrThrow({ where: { id: old!.id } })).status).toBe("unconfirmed");
    expect(await statuses(o.org.id)).toEqual(
      expect.arrayContaining([
        ["sent", 1],
        ["unconfirmed", 1],
      ]),
    );
    expect(await meteredOnStripe(stack(), o)).toBe(1);
  });

  it("subscribes again with the metered item when the org had chosen pay as you go", async () => {
    const o = await orgWithCustomer(stack());
    // Chosen on an earlier subscription, which has ended: on Free it does nothing.
    await db.organization.update({ where: { id: o.org.id }, data: { overageMode: "metered", trialUsedAt: new Date() } });
    expect((await getEntitlements(o.org.id)).overage.mode).toBe("credits");
    const checkout = await createCheckout(o.org, o.owner.id, { plan: "team", interval: "month" });
    await payCheckout(stack(), checkout.sessionId);
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    await vi.waitUntil(async () => (await getEntitlements(o.org.id)).overage.mode === "metered", { timeout: 10_000, interval: 20 });
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
    expect(sub).toMatchObject({ planCode: "team", stripeMeteredPriceId: team.stripeMeteredMonthlyPriceId });
  });

  it("keeps the metered item until the period's runs are billed after leaving pay as you go, and moves it with a plan change", async () => {
    const o = await meteredOrg(0);
    await runs(o, 2);
    await drained();
    const business = await db.plan.findUniqueOrThrow({ where: { code: "business" } });
    await changePlan(o.org, o.owner.id, { plan: "business", interval: "month" });
    let items = (await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data.map((i) => i.price.id);
    expect(items.sort()).toEqual([business.stripeMonthlyPriceId, business.stripeMeteredMonthlyPriceId].sort());

    await setOverage(o.org, o.owner.id, { mode: "stop" });
    expect((await getEntitlements(o.org.id)).overage.mode).toBe("stop");
    // Runs were metered this period: the item stays for the renewal to bill them.
    expect(await removeIdleMeteredItem(o.org.id)).toBe("waiting");
    expect((await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data).toHaveLength(2);

    await renewed(o);
    expect(await removeIdleMeteredItem(o.org.id)).toBe("removed");
    items = (await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data.map((i) => i.price.id);
    expect(items).toEqual([business.stripeMonthlyPriceId]);
    expect((await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).stripeMeteredItemId).toBeNull();
  });
});

describe("the spending cap and usage alerts", () => {
  it("refuses the runs that would pass the cap (50 at once overshoot by none) and mails each threshold once a period", async () => {
    const o = await meteredOrg(0);
    // $1.05 at $0.10 a run: ten runs beyond the allowance fit, the eleventh would pass it.
    await setOverage(o.org, o.owner.id, { mode: "metered", capCents: 105 });
    await runs(o, 7);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => recordRun(o.org.id, o.projectId, o.owner.id)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.length - refused.length).toBe(3);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "spend_cap_reached", status: 402, details: { capCents: 105 } });
    expect(refused[0]!.reason.message).toMatch(/\$1\.05 spending cap.*An admin can raise or remove the cap on the billing page/);
    expect(await db.meterEvent.count({ where: { orgId: o.org.id } })).toBe(10);
    expect(await db.run.count({ where: { orgId: o.org.id } })).toBe(10);
    const counter = await db.usageCounter.findFirstOrThrow({ where: { orgId: o.org.id, meter: "runs" } });
    expect(counter.count).toBe(o.allowed + 10);

    const alerts = async () =>
      (await db.billingEmail.findMany({ where: { orgId: o.org.id, kind: "usage_alert" } }))
        .map((e) => e.causeKey.split(":").slice(-2).join(" "))
        .sort();
    // The runs crossed the cap's 50 % (6th run beyond), 80 % (9th) and 100 % (10th, the last the cap lets through).
    expect(await alerts()).toEqual(["cap 100", "cap 50", "cap 80"]);
    // The counter was set at the allowance without runs crossing its thresholds: the sweep records those, once.
    await catchUpUsageAlerts();
    await catchUpUsageAlerts();
    expect(await alerts()).toEqual(["allowance 100", "allowance 50", "allowance 80", "cap 100", "cap 50", "cap 80"]);
    const cap80 = await db.billingEmail.findFirstOrThrow({
      where: { orgId: o.org.id, kind: "usage_alert", causeKey: { endsWith: ":cap:80" } },
    });
    expect(cap80.data).toMatchObject({ measure: "cap", percent: 80, runs: o.allowed + 9, overageCents: 90, capCents: 105 });

    // Raising the cap lets runs through again.
    await setOverage(o.org, o.owner.id, { mode: "metered", capCents: 200 });
    await runs(o, 1);
    expect(await db.meterEvent.count({ where: { orgId: o.org.id } })).toBe(11);
    const audited = await db.billingAuditEntry.findMany({
      where: { orgId: o.org.id, action: "billing.overage_cap_changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((a) => [a.before, a.after])).toEqual([
      [{ capCents: null }, { capCents: 105 }],
      [{ capCents: 105 }, { capCents: 200 }],
    ]);
  });
});

describe("the metered usage reconcile", () => {
  const context = (): ReconcileContext => ({
    cause: causedBySystem("reconcile:test"),
    since: new Date(0),
    findings: [],
    counts: emptyCounts(),
  });
  // Stripe's summaries are compared up to ten minutes ago: the reconcile looks from a little after that.
  const later = () => new Date(Date.now() + 11 * 60_000);
  // As the reconcile job runs it: background work, whose Stripe calls don't stop at the breaker a fault opened.
  const reconcile = (orgId: string, ctx: ReconcileContext, now?: Date) =>
    inStripeWorkScope({}, () => reconcileMeteredUsage([orgId], ctx, now));

  it("settles unconfirmed events from Stripe's summaries, sends the ones it never had once, and reports drift with both numbers", async () => {
    const o = await meteredOrg(0);
    await runs(o, 3);
    await drained();
    // Two went out and Stripe has them, but their answers were lost long ago: unconfirmed.
    const [a, b, c] = await db.meterEvent.findMany({ where: { orgId: o.org.id }, orderBy: { createdAt: "asc" } });
    await db.meterEvent.updateMany({ where: { id: { in: [a!.id, b!.id] } }, data: { status: "unconfirmed" } });
    let ctx = context();
    await reconcile(o.org.id, ctx, later());
    expect(ctx.findings).toMatchObject([
      { kind: "repaired", action: "reconcile.meter_events_confirmed", detail: { events: 2, onStripe: 3 } },
    ]);
    expect(await statuses(o.org.id)).toEqual([["sent", 3]]);

    // Two more never reached Stripe (the sends that had no answer were lost on the way): they are sent now, once.
    await runsWhileStripeRefuses(o, 2, async () => {
      await db.meterEvent.updateMany({ where: { orgId: o.org.id, status: "pending" }, data: { status: "unconfirmed" } });
    });
    ctx = context();
    await reconcile(o.org.id, ctx, later());
    expect(ctx.findings).toMatchObject([{ action: "reconcile.meter_events_resent", detail: { events: 2, onStripe: 3 } }]);
    await drained(30_000);
    expect(await statuses(o.org.id)).toEqual([["sent", 5]]);
    expect(await meteredOnStripe(stack(), o)).toBe(5);

    // A run Tollgate counts as acknowledged that Stripe does not hold: reported with both numbers, once.
    await db.meterEvent.create({
      data: { id: "run_lost", orgId: o.org.id, runId: "lost", periodStart: c!.periodStart, occurredAt: c!.occurredAt, status: "sent" },
    });
    ctx = context();
    await reconcile(o.org.id, ctx, later());
    expect(ctx.findings).toMatchObject([
      { kind: "mismatch", action: "reconcile.meter_usage_drift", detail: { acknowledged: 6, onStripe: 5 } },
    ]);
    ctx = context();
    await reconcile(o.org.id, ctx, later());
    expect(ctx.findings).toEqual([]);
    ctx = context();
    await reconcile(o.org.id, ctx);
    expect(ctx.counts.objectsCompared).toBe(0);
  });
});
