import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import type Stripe from "stripe";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { PLANS } from "@/lib/plans/catalog-definition";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";
import { startingQuantity } from "@/lib/billing/seats/sync-seat-quantity";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { db } from "@/lib/db";
import { createOrg } from "@/lib/orgs/create-org";
import { captureSnapshot } from "@/lib/platform-health/snapshots";
import { createProject } from "@/lib/projects/projects";
import { recordRun } from "@/lib/projects/runs";
import { requireStripe } from "@/lib/stripe/client";

// A platform with some history for the operator console in demo mode: a few dozen orgs that sign up over 90 days,
// each made through the app's own code (orgs, projects and runs through their modules, subscriptions through Stripe
// and the same sync a webhook runs), with the day's capacity snapshot captured after each day's sign-ups.

const cause = causedBySystem("demo-platform");

const trialDaysOf = (plan: string) => PLANS.find((p) => p.code === plan)?.trialDays ?? 0;

type Fate = { plan: "free" | "team" | "business"; interval?: "month" | "year"; then?: "trial" | "cancel" | "past_due" };

// The mix the orgs are dealt in turn: mostly Free and Team, some Business and annual, a few trials, churned and past due.
const FATES: Fate[] = [
  { plan: "free" },
  { plan: "team", interval: "month" },
  { plan: "free" },
  { plan: "team", interval: "year" },
  { plan: "business", interval: "month" },
  { plan: "team", interval: "month" },
  { plan: "free" },
  { plan: "team", interval: "month", then: "cancel" },
  { plan: "business", interval: "year" },
  { plan: "team", interval: "month", then: "past_due" },
  { plan: "team", interval: "month" },
  { plan: "free" },
];

const NAMES = [
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark",
  "Wayne",
  "Wonka",
  "Cyberdyne",
  "Soylent",
  "Tyrell",
  "Vandelay",
  "Pied Piper",
  "Aperture",
];

/** mulberry32: the same demo every first start. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function priceFor(plan: string, interval: "month" | "year") {
  const row = await db.plan.findUniqueOrThrow({ where: { code: plan } });
  const price = interval === "year" ? row.stripeAnnualPriceId : row.stripeMonthlyPriceId;
  if (!price) throw new Error(`${plan} has no Stripe price; run catalog sync first`);
  return price;
}

/** A paid subscription made in Stripe and brought in by the webhook's sync; past due ones renew on a test clock with a card that fails. */
async function subscribe(orgId: string, fate: Fate, stripe: Stripe): Promise<void> {
  const price = await priceFor(fate.plan, fate.interval ?? "month");
  let customer: string;
  let clock: Stripe.TestHelpers.TestClock | null = null;
  if (fate.then === "past_due") {
    clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) - 32 * 86_400, name: "demo past due" });
    customer = (await stripe.customers.create({ test_clock: clock.id, metadata: { orgId } })).id;
    await db.organization.update({ where: { id: orgId }, data: { stripeCustomerId: customer } });
  } else {
    customer = await ensureStripeCustomer(orgId);
  }
  // One free trial per card: the demo's trials use a card of their own (Mastercard debit), so a person trying the demo,
  // or a journey in the suite, can still start a trial with the usual test cards.
  const card = await stripe.paymentMethods.attach(fate.then === "trial" ? "pm_card_mastercard_debit" : "pm_card_visa", { customer });
  const sub = await stripe.subscriptions.create({
    customer,
    items: [{ price, quantity: await startingQuantity(orgId, fate.plan) }],
    default_payment_method: card.id,
    ...(fate.then === "trial" ? { trial_period_days: trialDaysOf(fate.plan) } : {}),
    metadata: { orgId, planCode: fate.plan },
  });
  if (fate.then === "past_due" && clock) {
    const declining = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer });
    await stripe.subscriptions.update(sub.id, { default_payment_method: declining.id });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.items.data[0]!.current_period_end + 3_600 });
    for (let i = 0; i < 200 && (await stripe.testHelpers.testClocks.retrieve(clock.id)).status !== "ready"; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (fate.then === "cancel") await stripe.subscriptions.cancel(sub.id);
  await syncSubscription(sub.id, { cause });
}

export type DemoPlatformResult = { skipped: boolean; orgs: number; snapshots: number };

/**
 * Builds the demo platform once: skipped when snapshots already exist. `days` of history, `orgs` sign-ups spread over
 * them (trials among the last two weeks'), one snapshot a day.
 */
export async function seedDemoPlatform(opts: { orgs?: number; days?: number; now?: Date } = {}): Promise<DemoPlatformResult> {
  const { orgs = 36, days = 90, now = new Date() } = opts;
  if ((await db.capacitySnapshot.count()) > 0) return { skipped: true, orgs: 0, snapshots: 0 };
  const stripe = requireStripe();
  const next = random(20261201);
  const owner = await db.user.upsert({
    where: { email: "founders@demo.tollgate.test" },
    update: {},
    create: { email: "founders@demo.tollgate.test", name: "Demo founders", emailVerified: now },
  });
  const signUpDay = (i: number) => Math.floor((i * days) / orgs);
  let made = 0;
  for (let d = 0; d <= days; d++) {
    for (let i = 0; i < orgs; i++) {
      if (signUpDay(i) !== d) continue;
      const name = `${NAMES[i % NAMES.length]} ${Math.floor(i / NAMES.length) + 1}`;
      const org = await createOrg(owner.id, { name, slug: `demo-${name.toLowerCase().replace(/\s+/g, "-")}` });
      const dealt = FATES[i % FATES.length]!;
      // Trials only on plans that offer one, as Checkout grants them.
      const fate: Fate = days - d <= 14 && trialDaysOf(dealt.plan) > 0 && !dealt.then ? { ...dealt, then: "trial" } : dealt;
      if (fate.plan !== "free") await subscribe(org.id, fate, stripe);
      const onFree = fate.plan === "free" || fate.then === "cancel";
      const projects = 1 + Math.floor(next() * (onFree ? 3 : 8));
      for (let p = 0; p < projects; p++) {
        const project = await createProject(org.id, { name: `Project ${p + 1}` });
        const runs = Math.floor(next() * 6);
        for (let r = 0; r < runs; r++) await recordRun(org.id, project.id, owner.id);
      }
      made++;
    }
    await captureSnapshot(subDays(now, days - d, { in: utc }));
  }
  return { skipped: false, orgs: made, snapshots: days + 1 };
}
