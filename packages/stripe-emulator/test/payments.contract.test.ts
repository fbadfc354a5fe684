import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const pay = (payment_method: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  emu.stripe.paymentIntents.create({
    amount: 1000,
    currency: "usd",
    payment_method,
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    ...extra,
  });

async function authenticate(id: string, outcome: "complete" | "fail") {
  const res = await fetch(`${emu.url}/_emulator/${id.startsWith("seti_") ? "setup_intents" : "payment_intents"}/${id}/authenticate`, {
    method: "POST",
    body: JSON.stringify({ outcome }),
  });
  expect(res.status).toBe(200);
}

describe("payment intents", () => {
  it("charges 4242 and emits created, charge.succeeded and succeeded", async () => {
    const pi = await pay("pm_card_visa", { metadata: { orgId: "o1", credits: "1000" } });
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 1000, metadata: { credits: "1000" } });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    const charge = await emu.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ status: "succeeded", paid: true, amount: 1000, payment_intent: pi.id });
    const types = (await emu.stripe.events.list({ limit: 10 })).data
      .filter((e) => JSON.stringify(e.data.object).includes(pi.id))
      .map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]));
  });

  it.each([
    ["pm_card_chargeDeclined", "card_declined", "generic_decline"],
    ["pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"],
    ["pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card"],
    ["pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc"],
  ])("declines %s with a card error and keeps the failed attempt", async (card, code, declineCode) => {
    const err = (await pay(card).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code, decline_code: declineCode });
    const pi = err.payment_intent!;
    const stored = await emu.stripe.paymentIntents.retrieve(pi.id);
    expect(stored.status).toBe("requires_payment_method");
    expect(stored.last_payment_error).toMatchObject({ code, decline_code: declineCode });
    expect((await emu.stripe.charges.retrieve(stored.latest_charge as string)).status).toBe("failed");
  });

  it("replays a declined request under the same idempotency key without charging again", async () => {
    const key = `decline-${Date.now()}`;
    const first = (await pay("pm_card_chargeDeclined", {}).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(first.statusCode).toBe(402);
    const params = {
      amount: 1500,
      currency: "usd",
      payment_method: "pm_card_chargeDeclined",
      confirm: true,
      allowed_payment_method_types: ["card" as const],
    };
    const a = (await emu.stripe.paymentIntents
      .create(params, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    const b = (await emu.stripe.paymentIntents
      .create(params, { idempotencyKey: key })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(b.payment_intent!.id).toBe(a.payment_intent!.id);
    expect(b.headers?.["idempotent-replayed"]).toBe("true");
  });

  it("lists a customer's payment intents, newest first", async () => {
    const customer = await emu.stripe.customers.create({ name: "Lister" });
    const first = await pay("pm_card_visa", { customer: customer.id });
    const second = await emu.stripe.paymentIntents.create({ amount: 700, currency: "usd", customer: customer.id });
    await pay("pm_card_visa");
    const listed = await emu.stripe.paymentIntents.list({ customer: customer.id });
    expect(listed.data.map((pi) => pi.id)).toEqual([second.id, first.id]);
    const page = await emu.stripe.paymentIntents.list({ customer: customer.id, limit: 1 });
    expect(page).toMatchObject({ has_more: true, data: [{ id: second.id }] });
  });

  it("asks 4000002500003155 for 3-D Secure on session, then succeeds or fails with the challenge", async () => {
    const waiting = await pay("pm_card_authenticationRequiredOnSetup");
    expect(waiting.status).toBe("requires_action");
    expect(waiting.next_action?.type).toBe("use_stripe_sdk");
    await authenticate(waiting.id, "complete");
    expect((await emu.stripe.paymentIntents.retrieve(waiting.id)).status).toBe("succeeded");

    const failing = await pay("pm_card_authenticationRequiredOnSetup");
    await authenticate(failing.id, "fail");
    const failed = await emu.stripe.paymentIntents.retrieve(failing.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("charges 3155 off session without a challenge, but not 3220", async () => {
    const customer = await emu.stripe.customers.create();
    const pm3155 = await emu.stripe.paymentMethods.attach("pm_card_authenticationRequiredOnSetup", { customer: customer.id });
    await expect(pay(pm3155.id, { customer: customer.id, off_session: true })).resolves.toMatchObject({ status: "succeeded" });
    const pm3220 = await emu.stripe.paymentMethods.attach("pm_card_threeDSecure2Required", { customer: customer.id });
    await expect(pay(pm3220.id, { customer: customer.id, off_session: true })).rejects.toMatchObject({ code: "authentication_required" });
  });

  it("confirms later, cancels, and refuses to cancel a succeeded intent", async () => {
    const pi = await emu.stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    expect(pi.status).toBe("requires_payment_method");
    const confirmed = await emu.stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(confirmed.status).toBe("succeeded");
    await expect(emu.stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ statusCode: 400 });
    const other = await emu.stripe.paymentIntents.create({ amount: 2000, currency: "usd" });
    expect((await emu.stripe.paymentIntents.cancel(other.id)).status).toBe("canceled");
  });
});

describe("publishable keys", () => {
  it("read and confirm an intent only with its client secret", async () => {
    const pi = await emu.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    const browser = (path: string, init: RequestInit = {}) =>
      fetch(`${emu.url}${path}`, {
        ...init,
        headers: { authorization: "Bearer pk_test_browser", "content-type": "application/x-www-form-urlencoded" },
      });
    expect((await browser(`/v1/payment_intents/${pi.id}?client_secret=${pi.client_secret}`)).status).toBe(200);
    expect((await browser(`/v1/payment_intents/${pi.id}?client_secret=${pi.id}_secret_wrong`)).status).toBe(400);
    expect((await browser(`/v1/payment_intents/${pi.id}`)).status).toBe(400);
    const confirmed = await browser(`/v1/payment_intents/${pi.id}/confirm`, {
      method: "POST",
      body: `client_secret=${pi.client_secret}&payment_method=pm_card_visa`,
    });
    expect((await confirmed.json()).status).toBe("succeeded");
    expect((await browser(`/v1/customers`)).status).toBe(401);
  });
});

describe("refunds", () => {
  it("refunds part then the rest, emitting charge.refunded, and refuses more than was paid", async () => {
    const pi = await pay("pm_card_visa");
    const partial = await emu.stripe.refunds.create({ payment_intent: pi.id, amount: 300 });
    expect(partial).toMatchObject({ status: "succeeded", amount: 300 });
    let charge = await emu.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 300, refunded: false });
    await expect(emu.stripe.refunds.create({ payment_intent: pi.id, amount: 800 })).rejects.toMatchObject({
      statusCode: 400,
      param: "amount",
    });
    await emu.stripe.refunds.create({ charge: charge.id });
    charge = await emu.stripe.charges.retrieve(charge.id);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
    const refundedEvents = (await emu.stripe.events.list({ type: "charge.refunded" })).data.filter(
      (e) => (e.data.object as Stripe.Charge).id === charge.id,
    );
    expect(refundedEvents).toHaveLength(2);
    const updated = await emu.stripe.refunds.update(partial.id, { metadata: { note: "x" } });
    expect(updated.metadata).toEqual({ note: "x" });
    expect((await emu.stripe.events.list({ type: "charge.refund.updated" })).data[0]!.data.object).toMatchObject({ id: partial.id });
  });
});

describe("setup intents", () => {
  it("saves a card for later, asks 3155 for 3-D Secure, and fails declining cards", async () => {
    const customer = await emu.stripe.customers.create();
    const saved = await emu.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_visa",
      confirm: true,
      usage: "off_session",
    });
    expect(saved.status).toBe("succeeded");
    expect((await emu.stripe.paymentMethods.retrieve(saved.payment_method as string)).customer).toBe(customer.id);

    const challenged = await emu.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_authenticationRequiredOnSetup",
      confirm: true,
    });
    expect(challenged.status).toBe("requires_action");
    await authenticate(challenged.id, "complete");
    expect((await emu.stripe.setupIntents.retrieve(challenged.id)).status).toBe("succeeded");

    const declined = await emu.stripe.setupIntents
      .create({ customer: customer.id, payment_method: "pm_card_chargeDeclined", confirm: true })
      .catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    const canceled = await emu.stripe.setupIntents.cancel((await emu.stripe.setupIntents.create({ customer: customer.id })).id);
    expect(canceled.status).toBe("canceled");
  });
});
