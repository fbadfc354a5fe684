import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cliEnvironment } from "../src/testing/stripe-cli";
import { startReceiver, startTestEmulator, type TestEmulator } from "../src/testing";
import { stripeCliBinary } from "../src/testing/stripe-cli";

const run = promisify(execFile);
const cli = stripeCliBinary();

// Every `stripe trigger` whose fixture stays within what the emulator implements: all the events Tollgate handles, and
// the rest of the CLI's list on the same resources (some fixtures use older API versions' parameters, which run under
// the account default). Left out, because their fixtures need resources the emulator does not have: accounts,
// balance, payouts and transfers, cash balances, credit notes, customer sources, Identity, Issuing, payment links,
// plans, quotes, reporting, subscription schedules, tax rates, top-ups; and SEPA debits or customer-balance payments
// (payment_intent.processing, payment_intent.partially_funded, checkout.session.async_payment_succeeded and
// async_payment_failed, whose fixture expects every call to fail and so "succeeds" without an event).
const TRIGGERS = [
  "billing_portal.configuration.created",
  "billing_portal.configuration.updated",
  "billing_portal.session.created",
  "charge.captured",
  "charge.dispute.closed",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.failed",
  "charge.refund.updated",
  "charge.refunded",
  "charge.succeeded",
  "checkout.session.completed",
  "checkout.session.expired",
  "coupon.created",
  "coupon.deleted",
  "coupon.updated",
  "customer.created",
  "customer.deleted",
  "customer.discount.created",
  "customer.discount.deleted",
  "customer.discount.updated",
  "customer.subscription.created",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.trial_will_end",
  "customer.subscription.updated",
  "customer.updated",
  "invoice.created",
  "invoice.deleted",
  "invoice.finalized",
  "invoice.marked_uncollectible",
  "invoice.paid",
  "invoice.payment_action_required",
  "invoice.payment_failed",
  "invoice.payment_succeeded",
  "invoice.sent",
  "invoice.updated",
  "invoice.voided",
  "invoiceitem.created",
  "invoiceitem.deleted",
  "payment_intent.amount_capturable_updated",
  "payment_intent.canceled",
  "payment_intent.created",
  "payment_intent.payment_failed",
  "payment_intent.requires_action",
  "payment_intent.succeeded",
  "payment_method.attached",
  "payment_method.detached",
  "payment_method.updated",
  "price.created",
  "price.updated",
  "product.created",
  "product.deleted",
  "product.updated",
  "promotion_code.created",
  "promotion_code.updated",
  "setup_intent.canceled",
  "setup_intent.created",
  "setup_intent.requires_action",
  "setup_intent.setup_failed",
  "setup_intent.succeeded",
  "test_helpers.test_clock.advancing",
  "test_helpers.test_clock.created",
  "test_helpers.test_clock.deleted",
  "test_helpers.test_clock.ready",
];
/** Triggers named for what they do, with the event they end in. */
const ALIASES = { "subscription.payment_succeeded": "invoice.payment_succeeded", "subscription.payment_failed": "invoice.payment_failed" };

let emu: TestEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  receiver = await startReceiver();
  secret = (await emu.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] })).secret!;
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

describe("the official Stripe CLI", () => {
  it.each([...TRIGGERS, ...Object.keys(ALIASES)])("triggers %s, which arrives signed at the endpoint", async (trigger) => {
    const event = ALIASES[trigger as keyof typeof ALIASES] ?? trigger;
    // Only what this trigger made counts: the same event type from an earlier one is already in the receiver.
    const seen = receiver.received.length;
    const started = Math.floor(Date.now() / 1000);
    const { stdout, stderr } = await run(cli, ["trigger", trigger, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: cliEnvironment(),
      timeout: 60_000,
    });
    expect(`${stdout}${stderr}`).toContain("Trigger succeeded!");
    const arrived = await vi.waitUntil(
      () =>
        receiver.received
          .slice(seen)
          .map((r) => emu.stripe.webhooks.constructEvent(r.body, r.signature, secret))
          .find((e) => e.type === event && e.created >= started),
      { timeout: 5_000, interval: 20 },
    );
    expect(arrived.type).toBe(event);
  });

  it("resends an event with `stripe events resend`", async () => {
    const customer = await emu.stripe.customers.create({ email: "resend@example.test" });
    const event = (await emu.stripe.events.list({ type: "customer.created", limit: 5 })).data.find(
      (e) => (e.data.object as { id: string }).id === customer.id,
    )!;
    await vi.waitUntil(() => receiver.received.some((r) => JSON.parse(r.body).id === event.id), { timeout: 5_000, interval: 20 });
    const before = receiver.received.filter((r) => JSON.parse(r.body).id === event.id).length;
    // The CLI exits 0 even when the API refuses, so its output is checked too.
    const { stdout } = await run(cli, ["events", "resend", event.id, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: cliEnvironment(),
      timeout: 60_000,
    });
    expect(stdout).not.toContain('"error"');
    expect(JSON.parse(stdout).id).toBe(event.id);
    await vi.waitUntil(() => receiver.received.filter((r) => JSON.parse(r.body).id === event.id).length === before + 1, {
      timeout: 5_000,
      interval: 20,
    });
  });

  it("runs a fixture file with `stripe fixtures`", async () => {
    const email = `fixture-${Date.now()}@example.test`;
    const file = `${mkdtempSync(`${os.tmpdir()}/tollgate-fixture-`)}/fixture.json`;
    writeFileSync(
      file,
      JSON.stringify({
        _meta: { template_version: 0 },
        fixtures: [
          { name: "customer", path: "/v1/customers", method: "post", params: { email } },
          { name: "updated", path: "/v1/customers/${customer:id}", method: "post", params: { name: "From a fixture" } },
        ],
      }),
    );
    await run(cli, ["fixtures", file, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: cliEnvironment(),
      timeout: 60_000,
    });
    const found = await emu.stripe.customers.list({ email });
    expect(found.data[0]).toMatchObject({ email, name: "From a fixture" });
  });
});
