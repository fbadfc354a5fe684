import { afterAll, beforeAll, vi } from "vitest";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { seedCatalog } from "@/prisma/data/catalog";
import { db } from "@/lib/db";
import { exportToEnv } from "@/scripts/lib/process-env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { syncCatalog } from "@/lib/stripe/catalog-sync";
import { requireStripe } from "@/lib/stripe/client";
import { startTestEmulator, type TestEmulator } from "@tollgate/stripe-emulator/testing";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { appDatabaseUrl } from "./databases";
import { makeOrg, makeUser } from "./factories";
import { serveWebEdge } from "./serve-web";

/** A migrated database of its own, made the process's DATABASE_URL (the app's db client follows it). */
export async function switchToFreshAppDatabase(prefix: string): Promise<string> {
  const url = await appDatabaseUrl(prefix);
  exportToEnv({ DATABASE_URL: url });
  return url;
}

export type BillingStack = {
  emu: TestEmulator;
  stripe: Stripe;
  databaseUrl: string;
  webhookUrl: string;
  webhookSecret: string;
  workerId: string;
  worker: RunningWorker | null;
  /** The app goes down: its webhook endpoint refuses connections and its worker stops. */
  takeAppDown(): Promise<void>;
  /** The app comes back on the same address, with its worker. */
  bringAppBack(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The billing back end as deployed, in one process: its own database, an emulator with
 * the catalog synced, the web process's server answering Stripe's webhook over HTTP (its edge, as in production), and the job worker.
 * `deliver: false` leaves the emulator without an endpoint, for tests that deliver by hand.
 */
export async function startBillingStack(opts: { deliver?: boolean; worker?: boolean; retryScale?: number } = {}): Promise<BillingStack> {
  const databaseUrl = await switchToFreshAppDatabase("billing");
  const emu = await startTestEmulator({ retryScale: opts.retryScale ?? 0.0001 });
  const webhookSecret = `whsec_test_${randomUUID().replace(/-/g, "")}`;
  exportToEnv({
    STRIPE_API_BASE: emu.url,
    STRIPE_SECRET_KEY: "sk_test_tollgate_billing_tests",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    WEBHOOK_MAX_ATTEMPTS: "3",
  });
  await seedCatalog(db);
  await syncCatalog(requireStripe(), db);

  let route: Awaited<ReturnType<typeof serveWebEdge>> | null = await serveWebEdge();
  const port = Number(new URL(route.url).port);
  const webhookUrl = `${route.url}/api/webhooks/stripe`;
  if (opts.deliver !== false) {
    const registered = await fetch(`${emu.url}/_emulator/webhook_endpoints`, {
      method: "POST",
      body: JSON.stringify({ url: webhookUrl, secret: webhookSecret, enabled_events: ["*"] }),
    });
    if (!registered.ok) throw new Error(`webhook endpoint refused: ${registered.status}`);
  }
  const workerId = `vitest-${randomUUID().slice(0, 8)}`;
  const launchWorker = () => (opts.worker === false ? null : startWorker({ workerId, concurrency: 2, pollIntervalMs: 100, cron: false }));
  const stack: BillingStack = {
    emu,
    stripe: emu.stripe,
    databaseUrl,
    webhookUrl,
    webhookSecret,
    workerId,
    worker: await launchWorker(),
    takeAppDown: async () => {
      await stack.worker?.stop();
      stack.worker = null;
      await route?.close();
      route = null;
    },
    bringAppBack: async () => {
      route ??= await serveWebEdge(port);
      stack.worker ??= await launchWorker();
    },
    close: async () => {
      await stack.worker?.stop();
      await route?.close();
      await emu.close();
    },
  };
  return stack;
}

/** Signs a payload as Stripe would for this stack's endpoint. */
export function signedDelivery(stack: BillingStack, payload: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = requireStripe().webhooks.generateTestHeaderString({ payload, secret: stack.webhookSecret, timestamp });
  return fetch(stack.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
}

/** Completes a hosted Checkout Session with a test card, as the buyer's browser would. */
export async function payCheckout(stack: BillingStack, sessionId: string, paymentMethod = "pm_card_visa") {
  const res = await fetch(`${stack.emu.url}/v1/payment_pages/${sessionId}/confirm`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_tollgate_billing_tests", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ payment_method: paymentMethod }),
  });
  if (!res.ok) throw new Error(`checkout confirm failed: ${res.status} ${await res.text()}`);
}

/** Gives the org a Stripe customer on a new test clock, so the test can move its time. */
export async function customerOnTestClock(stack: BillingStack, orgId: string, startAt = new Date()) {
  const clock = await stack.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(startAt.getTime() / 1000) });
  const customer = await stack.stripe.customers.create({ test_clock: clock.id, metadata: { orgId } });
  await db.organization.update({ where: { id: orgId }, data: { stripeCustomerId: customer.id } });
  return {
    clockId: clock.id,
    customerId: customer.id,
    now: async () => new Date((await stack.stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time * 1000),
    advanceTo: async (to: Date) => {
      await stack.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Math.floor(to.getTime() / 1000) });
      await vi.waitUntil(async () => (await stack.stripe.testHelpers.testClocks.retrieve(clock.id)).status === "ready", {
        timeout: 10_000,
        interval: 20,
      });
    },
  };
}

/** An org with an owner and an active Team subscription made through Stripe (no trial), paid with `card`. */
export async function subscribedOrg(stack: BillingStack, card = "pm_card_visa") {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const customer = await stack.stripe.customers.create({ metadata: { orgId: org.id } });
  await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
  const paymentMethod = await stack.stripe.paymentMethods.attach(card, { customer: customer.id });
  const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
  await stack.stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: team.stripeMonthlyPriceId! }],
    default_payment_method: paymentMethod.id,
  });
  await vi.waitUntil(async () => (await getEntitlements(org.id)).status === "active", { timeout: 5_000, interval: 20 });
  // The plan's arrival queued work (a per-seat plan checks its quantity once): done before the test goes on.
  await drained();
  return { owner, org, customerId: customer.id };
}

/**
 * An org of one owner that subscribed `daysAgo` days ago (Team unless another plan is named) on a test clock now at the
 * present, so its period is part used; optionally on the annual price, with a coupon, or on trial.
 */
export async function subscribedOnClock(
  stack: BillingStack,
  opts: { daysAgo: number; annual?: boolean; couponPercentOff?: number; trialDays?: number; plan?: "team" | "business" },
) {
  const { stripe } = stack;
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const clock = await customerOnTestClock(stack, org.id, new Date(Date.now() - opts.daysAgo * 86_400_000));
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId });
  const plan = await db.plan.findUniqueOrThrow({ where: { code: opts.plan ?? "team" } });
  const coupon = opts.couponPercentOff ? await stripe.coupons.create({ percent_off: opts.couponPercentOff, duration: "forever" }) : null;
  const subscription = await stripe.subscriptions.create({
    customer: clock.customerId,
    items: [{ price: (opts.annual ? plan.stripeAnnualPriceId : plan.stripeMonthlyPriceId)! }],
    default_payment_method: card.id,
    ...(coupon ? { discounts: [{ coupon: coupon.id }] } : {}),
    ...(opts.trialDays ? { trial_period_days: opts.trialDays } : {}),
  });
  await vi.waitUntil(async () => (await getEntitlements(org.id)).planCode === plan.code, { timeout: 5_000, interval: 20 });
  if (opts.daysAgo > 0) await clock.advanceTo(new Date());
  await drained();
  return { owner, org, subscriptionId: subscription.id, customerId: clock.customerId, clock };
}

/** Advances the org's test clock past its period's end and waits until the mirror shows the renewed period. */
export async function renewed(o: Awaited<ReturnType<typeof subscribedOnClock>>) {
  const { currentPeriodEnd } = await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } });
  await o.clock.advanceTo(new Date(currentPeriodEnd!.getTime() + 3_600_000));
  await vi.waitUntil(
    async () =>
      (await db.subscription.findFirstOrThrow({ where: { orgId: o.org.id } })).currentPeriodStart!.getTime() >= currentPeriodEnd!.getTime(),
    { timeout: 10_000, interval: 20 },
  );
  await drained();
}

/** An org (on Free) with a Stripe customer whose default card is a Visa, and no subscription yet. */
export async function orgWithCustomer(stack: BillingStack) {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const customer = await stack.stripe.customers.create({ metadata: { orgId: org.id } });
  await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
  const card = await stack.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await stack.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return { owner, org, customerId: customer.id };
}

/**
 * Waits until every event Stripe has sent so far is stored and processed and every job has run (the pipeline has
 * drained); an invitation's expiry job and a metered item's removal, due days ahead, are not waited for, nor a job that
 * has used up its attempts (the queue keeps it as failed; nothing runs it again).
 */
export async function drained(timeoutMs = 15_000) {
  await vi.waitUntil(
    async () => {
      const busy = await db.stripeEvent.count({ where: { status: "pending" } });
      const jobs = await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs
        where attempts < max_attempts and (task_identifier not in ('invitation_expired', 'overage_item') or run_at <= now())`;
      return busy === 0 && jobs[0]!.n === 0;
    },
    { timeout: timeoutMs, interval: 20 },
  );
}

/** Starts a billing stack before the file's tests and stops it after; call the returned function for it. */
export function setUpBillingStack(opts: Parameters<typeof startBillingStack>[0] = {}): () => BillingStack {
  let stack: BillingStack | undefined;
  beforeAll(async () => {
    stack = await startBillingStack(opts);
  }, 90_000);
  afterAll(() => stack?.close());
  return () => stack!;
}

/** An org on a paid plan (no trial) with its owner, its customer on a test clock starting now. */
export async function paidOrgOn(stack: BillingStack, plan: "team" | "business") {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  await db.organization.update({ where: { id: org.id }, data: { trialUsedAt: new Date() } });
  const clock = await customerOnTestClock(stack, org.id);
  const checkout = await createCheckout(org, owner.id, { plan, interval: "month" });
  if (checkout.trialDays !== 0) throw new Error("a paid org's checkout must not start a trial");
  await payCheckout(stack, checkout.sessionId);
  await vi.waitUntil(
    async () => (await db.subscription.findFirst({ where: { orgId: org.id }, orderBy: { createdAt: "desc" } }))?.status === "active",
    { timeout: 5_000, interval: 20 },
  );
  return { owner, org, clock };
}
