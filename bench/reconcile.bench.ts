// Keeping Tollgate and Stripe in step at scale: a reconcile of 1,000 orgs, and a month-start renewal wave of 1,000
// subscriptions whose events arrive together. Stripe is set up through a client of its own that bypasses the
// counting proxy, so the counts are the app's calls alone.
import Stripe from "stripe";
import { createReconcileRun, reconcileRunView } from "../lib/reconcile/reconcile-runs";
import { runReconcile } from "../lib/reconcile/run-reconcile";
import type { ReconcileCounts } from "../lib/reconcile/findings";
import { db } from "../lib/db";
import { customerOfEvent } from "../lib/webhooks/event-customer";
import { isHandled } from "../lib/webhooks/handlers";
import { backgroundRequestsPerSecond } from "../lib/stripe/client";
import { ackLatencies, describeFailures, type Delivery } from "./deliveries";
import { load } from "./load";
import { ms, summary } from "./stats";
import { checkTarget } from "./targets";

const ORGS = 1000;
const SETUP_CONCURRENCY = 8;
const DELIVERY_CONCURRENCY = 32;
const SINGLE_ORG_RUNS = 20;

export type ReconcileBenchContext = {
  /** A Stripe client straight to the emulator, for setting up. */
  direct: Stripe;
  /** Requests that reached Stripe through the proxy the app and worker use. */
  stripeCalls(): number;
  /** Posts one signed event to the app's webhook endpoint. */
  deliver(payload: string): Promise<Delivery>;
  /** The worker's rate on a steady stream of lifecycle events, measured earlier in the run (the baseline). */
  steadyEventsPerSecond: number;
};

/** `count` orgs, each with a Stripe customer (on `clock` when given) paying Team monthly by Visa. */
async function subscribedOrgs(ctx: ReconcileBenchContext, label: string, count: number, clock?: string) {
  const price = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
  const tag = Math.random().toString(36).slice(2, 8);
  await db.organization.createMany({
    data: Array.from({ length: count }, (_, i) => ({ slug: `${label}-${tag}-${i}`, name: `${label} ${i}` })),
  });
  const orgs = await db.organization.findMany({ where: { slug: { startsWith: `${label}-${tag}-` } }, select: { id: true } });
  const linked: { orgId: string; customerId: string; subscriptionId: string }[] = [];
  await load(orgs.length, SETUP_CONCURRENCY, async (i) => {
    const orgId = orgs[i]!.id;
    const customer = await ctx.direct.customers.create({ metadata: { orgId }, ...(clock ? { test_clock: clock } : {}) });
    const card = await ctx.direct.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await ctx.direct.subscriptions.create({ customer: customer.id, items: [{ price }], default_payment_method: card.id });
    linked.push({ orgId, customerId: customer.id, subscriptionId: sub.id });
  });
  await db.$executeRaw`
    update "Organization" o set "stripeCustomerId" = l.customer
    from unnest(${linked.map((l) => l.orgId)}::text[], ${linked.map((l) => l.customerId)}::text[]) as l(org, customer)
    where o."id" = l.org`;
  return linked;
}

async function reconcileRun(orgId: string | undefined, perSecond: number) {
  const run = await createReconcileRun({ orgId }, "api");
  const started = performance.now();
  await runReconcile(run.id, { perSecond });
  const seconds = (performance.now() - started) / 1000;
  const view = await reconcileRunView(run.id);
  if (view.status !== "succeeded") throw new Error(`reconcile ${run.id} ${view.status}: ${view.error}`);
  return { seconds, counts: view.counts as ReconcileCounts };
}

async function queueIsEmpty(): Promise<boolean> {
  const pending = await db.stripeEvent.count({ where: { status: "pending" } });
  const [jobs] = await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs
    where task_identifier not in ('invitation_expired', 'overage_item') or run_at <= now()`;
  return pending === 0 && jobs!.n === 0;
}

/** Stripe's events about these customers that are not in `before`, oldest first. */
async function eventsOf(ctx: ReconcileBenchContext, customers: Set<string>, since: number, before = new Set<string>()) {
  const found: { id: string; type: string; payload: string }[] = [];
  await ctx.direct.events.list({ created: { gte: since }, limit: 100 }).autoPagingEach((e) => {
    if (!before.has(e.id) && customers.has(customerOfEvent(e) ?? "")) found.push({ id: e.id, type: e.type, payload: JSON.stringify(e) });
  });
  return found.reverse();
}

/** Posts every event at once (as many in flight as Stripe would keep open) and waits for the worker to finish them. */
async function drainWave(ctx: ReconcileBenchContext, events: { type: string; payload: string }[]) {
  const callsBefore = ctx.stripeCalls();
  const started = performance.now();
  const deliveries: { delivery: Delivery; startedAt: number }[] = [];
  await load(events.length, DELIVERY_CONCURRENCY, async (i) => {
    const startedAt = performance.now();
    deliveries.push({ delivery: await ctx.deliver(events[i]!.payload), startedAt });
  });
  while (!(await queueIsEmpty())) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  const handled = events.filter((e) => isHandled(e.type)).length;
  const calls = ctx.stripeCalls() - callsBefore;
  const failed = await db.stripeEvent.count({ where: { status: "failed" } });
  return {
    seconds,
    handled,
    calls,
    failed,
    ack: summary(ackLatencies(deliveries)),
    ackFailures: describeFailures(deliveries.map((d) => d.delivery)),
    perSecond: handled / seconds,
    callsPerEvent: calls / handled,
  };
}

export async function benchReconcile(ctx: ReconcileBenchContext): Promise<void> {
  // Reconcile: 1,000 orgs made in Stripe with no webhook reaching Tollgate, then reconciled three ways.
  const linked = await subscribedOrgs(ctx, "rec", ORGS);
  const fromEmpty = await reconcileRun(undefined, 100);
  const budget = backgroundRequestsPerSecond();
  const inStep = await reconcileRun(undefined, budget);
  const single: number[] = [];
  let singleCalls = 0;
  for (const { orgId } of linked.slice(0, SINGLE_ORG_RUNS)) {
    const run = await reconcileRun(orgId, budget);
    single.push(run.seconds * 1000);
    singleCalls += run.counts.stripeCalls;
  }
  const orgsChecked = inStep.counts.orgsChecked;
  const callsPerOrg = inStep.counts.stripeCalls / orgsChecked;
  const perOrgMs = (inStep.seconds * 1000) / orgsChecked;
  const singleOrg = summary(single);
  const durationVerdict = checkTarget({
    benchmark: `reconcile of ${orgsChecked} orgs, duration`,
    figure: `${inStep.seconds.toFixed(1)} s`,
    target: "≤ 60 s",
    met: inStep.seconds <= 60,
  });
  const callsVerdict = checkTarget({
    benchmark: `reconcile of ${orgsChecked} orgs, Stripe calls per org`,
    figure: callsPerOrg.toFixed(3),
    target: "≤ 3",
    met: callsPerOrg <= 3,
  });
  console.log(`\nReconcile — ${orgsChecked} orgs with a Team subscription each, a full run (all orgs) at ${budget} Stripe requests/s`);
  console.log(
    `  from an empty mirror (100 req/s)  ${fromEmpty.seconds.toFixed(1).padStart(6)} s  ${fromEmpty.counts.stripeCalls} Stripe calls  ${fromEmpty.counts.repaired} repaired  ${fromEmpty.counts.objectsCompared} objects compared`,
  );
  console.log(
    `  in step (the hourly run)          ${inStep.seconds.toFixed(1).padStart(6)} s  ${inStep.counts.stripeCalls} Stripe calls = ${callsPerOrg.toFixed(3)} per org, ${ms(perOrgMs)} per org  ${inStep.counts.repaired} repaired` +
      `   (targets ≤ 60 s → ${durationVerdict}, ≤ 3 calls/org → ${callsVerdict})`,
  );
  console.log(
    `  baseline: one org's own run       p50 ${ms(singleOrg.p50)}  p95 ${ms(singleOrg.p95)}   ${(singleCalls / SINGLE_ORG_RUNS).toFixed(1)} Stripe calls per org   n ${singleOrg.n}`,
  );
  console.log(
    `  full run / one org's own run      ${(perOrgMs / singleOrg.p50).toFixed(3)} × time per org  ${(callsPerOrg / (singleCalls / SINGLE_ORG_RUNS)).toFixed(3)} × calls per org`,
  );

  // Renewal wave: 1,000 subscriptions on one test clock start together, then all renew when the clock reaches the
  // next month; each time their events are delivered together and the worker drains them.
  const clock = await ctx.direct.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  const wave = await subscribedOrgs(ctx, "wave", ORGS, clock.id);
  const customers = new Set(wave.map((w) => w.customerId));
  const startEvents = await eventsOf(ctx, customers, startedAt);
  const starts = await drainWave(ctx, startEvents);
  const seen = new Set(startEvents.map((e) => e.id));
  const periodEnd = (await ctx.direct.subscriptions.retrieve(wave[0]!.subscriptionId)).items.data[0]!.current_period_end;
  const renewedAt = Math.floor(Date.now() / 1000) - 1;
  await ctx.direct.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 3600 });
  while ((await ctx.direct.testHelpers.testClocks.retrieve(clock.id)).status !== "ready") await new Promise((r) => setTimeout(r, 100));
  const renewals = await drainWave(ctx, await eventsOf(ctx, customers, renewedAt, seen));
  const renewedMirrors = await db.subscription.count({
    where: { stripeSubscriptionId: { in: wave.map((w) => w.subscriptionId) }, currentPeriodStart: new Date(periodEnd * 1000) },
  });
  const waveVerdict = checkTarget({
    benchmark: `renewal wave (${ORGS} subscriptions), Stripe calls per processed event`,
    figure: renewals.callsPerEvent.toFixed(3),
    target: "≤ 1",
    met: renewals.callsPerEvent <= 1 && renewedMirrors === ORGS && renewals.failed === 0,
  });
  const waveAckVerdict = checkTarget({
    benchmark: "webhook ack p99 during the month-start renewal wave",
    figure: ms(renewals.ack.p99),
    target: "≤ 100 ms",
    met: renewals.ack.p99 <= 100,
  });
  console.log(
    `\nRenewal wave — ${ORGS} subscriptions on one test clock, each wave's events posted at once (${DELIVERY_CONCURRENCY} in flight), drained by the worker`,
  );
  console.log(`  baseline: steady lifecycle events (above)  ${ctx.steadyEventsPerSecond.toFixed(0).padStart(5)} events/s`);
  for (const [label, w] of [
    ["1,000 subscriptions starting", starts],
    ["month-start renewals", renewals],
  ] as const) {
    console.log(
      `  ${label.padEnd(40)} ${w.perSecond.toFixed(0).padStart(5)} events/s (${(w.perSecond / ctx.steadyEventsPerSecond).toFixed(2)} × baseline)  ${w.handled} handled events in ${w.seconds.toFixed(1)} s  ` +
        `${w.calls} Stripe calls = ${w.callsPerEvent.toFixed(3)} per event  ack p50 ${ms(w.ack.p50)} p99 ${ms(w.ack.p99)} (${w.ackFailures})  ${w.failed} failed`,
    );
  }
  console.log(
    `  ${renewedMirrors} of ${ORGS} mirrors show the new period   (targets ≤ 1 call per event → ${waveVerdict}, renewal ack p99 ≤ 100 ms → ${waveAckVerdict})`,
  );
}
