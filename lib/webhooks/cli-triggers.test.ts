import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createTopUpIntent } from "@/lib/credits/topup-intent";
import { db } from "@/lib/db";
import { makeOrg, makeUser } from "@/test/support/factories";
import { drained, orgWithCustomer as customerOrg, subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { HANDLERS } from "./handlers";
import { TOPUP_KIND } from "@/lib/credits/topup-target";
import { cliEnvironment, stripeCliBinary } from "@tollgate/stripe-emulator/testing";

const run = promisify(execFile);
const cli = stripeCliBinary();
const stack = setUpBillingStack();

/** A Tollgate org with a Stripe customer whose default card is a Visa, and the Team plan's monthly price. */
type Org = { orgId: string; customerId: string; teamPrice: string; paymentIntent?: string };

async function orgWithCustomer(): Promise<Org> {
  const { org, customerId } = await customerOrg(stack());
  const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
  return { orgId: org.id, customerId, teamPrice: team.stripeMonthlyPriceId! };
}

/** An org on Team that bought 1,000 credits with a Visa (credited before the trigger runs). */
async function orgWithTopUp(): Promise<Org> {
  const { owner, org, customerId } = await subscribedOrg(stack());
  const intent = await createTopUpIntent(org, owner.id, { pack: "credits_1000" });
  await stack().stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: "pm_card_visa" });
  await vi.waitUntil(async () => (await balanceOf(org.id)) === 1000, { timeout: 5_000, interval: 20 });
  return { orgId: org.id, customerId, teamPrice: "", paymentIntent: intent.paymentIntentId };
}

const balanceOf = async (orgId: string) => (await db.organization.findUniqueOrThrow({ where: { id: orgId } })).creditBalance;
const subscriptionOf = (orgId: string) => db.subscription.findFirstOrThrow({ where: { orgId } });
const invoiceOf = (orgId: string) => db.invoice.findFirstOrThrow({ where: { orgId } });
const audited = async (orgId: string, action: string) => db.billingAuditEntry.count({ where: { orgId, action } });

// The CLI's fixtures make their own customer, product and price; these flags point its steps at the org's
// customer and Tollgate's catalog instead, so each event lands on a real org and its effect can be checked.
const onSubscription = (o: Org) => [
  ...["customer", "product", "price"].flatMap((step) => ["--skip", step]),
  ...["--override", `subscription:customer=${o.customerId}`, "--override", `subscription:items.0.price=${o.teamPrice}`],
];
const onInvoice = (o: Org, paymentMethodStep = false) => [
  "--skip",
  "customer",
  ...["--override", `invoiceitem:customer=${o.customerId}`, "--override", `invoice:customer=${o.customerId}`],
  ...(paymentMethodStep ? ["--override", `payment_method:customer=${o.customerId}`] : []),
];
/** A payment the CLI makes for the org's customer that says it is a top-up worth a million credits. */
const claimingTopUp = (o: Org) => [
  ...["--add", `payment_intent:customer=${o.customerId}`, "--add", `payment_intent:metadata.kind=${TOPUP_KIND}`],
  ...["--add", "payment_intent:metadata.credits=1000000"],
];
const refundingTopUp = (o: Org) => ["--skip", "payment_intent", "--override", `refund:payment_intent=${o.paymentIntent}`];

async function creditsNothingAndReports(o: Org) {
  await vi.waitUntil(() => audited(o.orgId, "credits.unknown_top_up"), { timeout: 5_000, interval: 20 });
  expect(await balanceOf(o.orgId)).toBe(0);
}

async function invoiceMirrored(o: Org, status: string, amountPaid: number) {
  expect(await invoiceOf(o.orgId)).toMatchObject({ status, amountPaid, total: 2000 });
}

async function refundTakesCreditsBack(o: Org) {
  expect(await balanceOf(o.orgId)).toBe(0);
  const refunds = await db.creditLedgerEntry.findMany({ where: { orgId: o.orgId, reason: "refund" } });
  expect(refunds.map((r) => r.delta)).toEqual([-1000]);
}

type Case = { setup: () => Promise<Org>; flags: (o: Org) => string[]; effect: (o: Org) => Promise<void> };

const CASES: Record<string, Case> = {
  "customer.created": {
    // An org with no customer yet: the customer the CLI makes names it, and becomes its customer.
    setup: async () => {
      const owner = await makeUser();
      const org = await makeOrg([[owner, "owner"]]);
      return { orgId: org.id, customerId: "", teamPrice: "" };
    },
    flags: (o) => ["--add", `customer:metadata.orgId=${o.orgId}`],
    effect: async (o) => {
      const org = await db.organization.findUniqueOrThrow({ where: { id: o.orgId } });
      expect(org.stripeCustomerId).toMatch(/^cus_/);
      expect(await audited(o.orgId, "customer.linked")).toBe(1);
    },
  },
  "checkout.session.completed": {
    setup: orgWithCustomer,
    flags: (o) => [
      ...["--skip", "product", "--skip", "price"],
      ...["--override", "checkout_session:mode=subscription", "--override", `checkout_session:line_items.0.price=${o.teamPrice}`],
      ...["--override", "checkout_session:line_items.0.quantity=1", "--add", `checkout_session:customer=${o.customerId}`],
      ...["--override", "payment_page_confirm:expected_amount=4900"],
    ],
    effect: async (o) => {
      expect(await subscriptionOf(o.orgId)).toMatchObject({ planCode: "team", status: "active" });
      expect((await db.organization.findUniqueOrThrow({ where: { id: o.orgId } })).planCode).toBe("team");
    },
  },
  "customer.subscription.created": {
    setup: orgWithCustomer,
    flags: onSubscription,
    effect: async (o) => {
      expect(await subscriptionOf(o.orgId)).toMatchObject({ planCode: "team", status: "active" });
      expect(await audited(o.orgId, "subscription.created")).toBe(1);
    },
  },
  "customer.subscription.updated": {
    setup: orgWithCustomer,
    flags: (o) => [...onSubscription(o), "--add", "subscription_updated:cancel_at_period_end=true"],
    effect: async (o) => {
      // Whether "created" or "updated" is handled first, the mirror ends on Stripe's current state.
      expect(await subscriptionOf(o.orgId)).toMatchObject({ planCode: "team", status: "active", cancelAtPeriodEnd: true });
    },
  },
  "customer.subscription.deleted": {
    setup: orgWithCustomer,
    flags: onSubscription,
    effect: async (o) => {
      expect(await subscriptionOf(o.orgId)).toMatchObject({ status: "canceled" });
      expect((await db.organization.findUniqueOrThrow({ where: { id: o.orgId } })).planCode).toBe("free");
    },
  },
  "customer.subscription.trial_will_end": {
    setup: orgWithCustomer,
    flags: onSubscription,
    effect: async (o) => {
      expect(await subscriptionOf(o.orgId)).toMatchObject({ planCode: "team", status: "trialing" });
      expect(await audited(o.orgId, "trial.will_end")).toBe(1);
    },
  },
  "invoice.created": { setup: orgWithCustomer, flags: (o) => onInvoice(o), effect: (o) => invoiceMirrored(o, "draft", 0) },
  "invoice.updated": { setup: orgWithCustomer, flags: (o) => onInvoice(o), effect: (o) => invoiceMirrored(o, "draft", 0) },
  "invoice.finalized": { setup: orgWithCustomer, flags: (o) => onInvoice(o), effect: (o) => invoiceMirrored(o, "open", 0) },
  "invoice.paid": { setup: orgWithCustomer, flags: (o) => onInvoice(o, true), effect: (o) => invoiceMirrored(o, "paid", 2000) },
  "invoice.payment_succeeded": {
    setup: orgWithCustomer,
    flags: (o) => onInvoice(o, true),
    effect: (o) => invoiceMirrored(o, "paid", 2000),
  },
  "invoice.payment_failed": { setup: orgWithCustomer, flags: (o) => onInvoice(o, true), effect: (o) => invoiceMirrored(o, "open", 0) },
  "invoice.voided": { setup: orgWithCustomer, flags: (o) => onInvoice(o), effect: (o) => invoiceMirrored(o, "void", 0) },
  "charge.refunded": { setup: orgWithTopUp, flags: refundingTopUp, effect: refundTakesCreditsBack },
  "charge.refund.updated": { setup: orgWithTopUp, flags: refundingTopUp, effect: refundTakesCreditsBack },
  "charge.dispute.created": { setup: orgWithCustomer, flags: claimingTopUp, effect: creditsNothingAndReports },
  "charge.dispute.updated": { setup: orgWithCustomer, flags: claimingTopUp, effect: creditsNothingAndReports },
  "charge.dispute.closed": { setup: orgWithCustomer, flags: claimingTopUp, effect: creditsNothingAndReports },
  "payment_intent.succeeded": { setup: orgWithCustomer, flags: claimingTopUp, effect: creditsNothingAndReports },
  "payment_intent.payment_failed": {
    setup: orgWithCustomer,
    flags: claimingTopUp,
    effect: async (o) => {
      expect(await balanceOf(o.orgId)).toBe(0);
      expect(await db.creditLedgerEntry.count({ where: { orgId: o.orgId } })).toBe(0);
      expect(await audited(o.orgId, "credits.unknown_top_up")).toBe(0);
    },
  },
};

// The CLI has no fixture for these; the lifecycle and dispute tests produce them through test clocks and the API.
const NO_CLI_FIXTURE = new Set([
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.marked_uncollectible",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
]);

describe("events sent with `stripe trigger` for a real org", () => {
  it("covers every handled event the CLI can trigger", () => {
    expect(Object.keys(CASES).sort()).toEqual(
      Object.keys(HANDLERS)
        .filter((type) => !NO_CLI_FIXTURE.has(type))
        .sort(),
    );
  });

  it.each(Object.entries(CASES))("%s lands on the org and has its effect", async (type, { setup, flags, effect }) => {
    const org = await setup();
    const { stdout, stderr } = await run(
      cli,
      ["trigger", type, ...flags(org), "--api-base", stack().emu.url, "--api-key", "sk_test_tollgate_billing_tests"],
      { env: cliEnvironment(), timeout: 60_000 },
    );
    expect(`${stdout}${stderr}`).toContain("Trigger succeeded!");
    await vi.waitUntil(() => db.stripeEvent.findFirst({ where: { type, status: "processed" }, orderBy: { receivedAt: "desc" } }), {
      timeout: 10_000,
      interval: 20,
    });
    await drained();
    expect(await db.stripeEvent.count({ where: { status: "failed" } })).toBe(0);
    await effect(org);
  });
});
