import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
let stripe: Stripe;
let team: Stripe.Price;
let pack: Stripe.Price;
beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  team = await stripe.prices.create({
    product_data: { name: "Team" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  pack = await stripe.prices.create({ product_data: { name: "Credits" }, currency: "usd", unit_amount: 1000 });
});
afterAll(() => emu.close());

async function confirm(sessionId: string, paymentMethod: string, extra: Record<string, string> = {}) {
  const body = new URLSearchParams({ payment_method: paymentMethod, ...extra });
  const res = await fetch(`${emu.url}/v1/payment_pages/${sessionId}/confirm`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_checkout", "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return { status: res.status, body: await res.json() };
}

describe("Checkout Sessions", () => {
  it("subscribes to a metered price beside a licensed one: no quantity on its line, nothing charged for it until usage", async () => {
    const meter = await stripe.billing.meters.create({
      display_name: "Runs",
      event_name: `runs_${Date.now()}`,
      default_aggregation: { formula: "sum" },
    });
    const perRun = await stripe.prices.create({
      product_data: { name: "Runs beyond the allowance" },
      currency: "usd",
      unit_amount: 10,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    const refused = stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: perRun.id, quantity: 1 }],
      success_url: "http://127.0.0.1:3000/done",
    });
    await expect(refused).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "line_items[0][quantity]" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: team.id, quantity: 1 }, { price: perRun.id }],
      success_url: "http://127.0.0.1:3000/done",
    });
    expect(session).toMatchObject({ amount_subtotal: 4900 });
    const lines = (await stripe.checkout.sessions.listLineItems(session.id)).data;
    expect(lines.map((l) => [l.price?.id, l.quantity, l.amount_total])).toEqual([
      [team.id, 1, 4900],
      [perRun.id, null, 0],
    ]);
    const pm = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    expect((await confirm(session.id, pm.id)).status).toBe(200);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    const items = (completed.subscription as Stripe.Subscription).items.data;
    expect(items.map((i) => [i.price.id, i.quantity])).toEqual([
      [team.id, 1],
      [perRun.id, undefined],
    ]);
  });

  it("completes a subscription with a trial and a promotion code, carrying metadata to the subscription", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: "forever" });
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: `LAUNCH${Date.now()}` });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: team.id, quantity: 1 }],
      success_url: "http://127.0.0.1:3000/acme/billing?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:3000/acme/billing",
      allow_promotion_codes: true,
      client_reference_id: "org_1",
      customer_email: "buyer@example.test",
      metadata: { orgId: "org_1", planCode: "team" },
      subscription_data: { trial_period_days: 14, metadata: { orgId: "org_1", planCode: "team" } },
    });
    expect(session).toMatchObject({ status: "open", payment_status: "unpaid", amount_total: 0, amount_subtotal: 4900 });
    expect(session.url).toBe(`${emu.url}/checkout/${session.id}`);
    expect((await stripe.checkout.sessions.listLineItems(session.id)).data[0]).toMatchObject({ quantity: 1, amount_total: 4900 });

    const pm = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_visa" } });
    const done = await confirm(session.id, pm.id, { promotion_code: promo.code });
    expect(done.status).toBe(200);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(completed).toMatchObject({
      status: "complete",
      payment_status: "no_payment_required",
      client_reference_id: "org_1",
      metadata: { orgId: "org_1" },
    });
    const sub = completed.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({
      status: "trialing",
      metadata: { orgId: "org_1", planCode: "team" },
      default_payment_method: expect.stringMatching(/^pm_/),
    });
    expect(sub.discounts).toHaveLength(1);
    expect(((await stripe.customers.retrieve(completed.customer as string)) as Stripe.Customer).email).toBe("buyer@example.test");
    const events = (await stripe.events.list({ type: "checkout.session.completed" })).data;
    expect(events.some((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)).toBe(true);
    expect((await confirm(session.id, pm.id)).status).toBe(400);
  });

  it("leaves the session open after a decline, and completes a payment after 3-D Secure", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: pack.id, quantity: 1 }],
      success_url: "http://127.0.0.1:3000/done",
    });
    const declined = await confirm(session.id, "pm_card_chargeDeclined");
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: "card_error", code: "card_declined" });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const challenged = await confirm(session.id, "pm_card_authenticationRequiredOnSetup");
    expect(challenged.status).toBe(200);
    const intentId = challenged.body.payment_intent as string;
    expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe("requires_action");
    await fetch(`${emu.url}/_emulator/payment_intents/${intentId}/authenticate`, {
      method: "POST",
      body: JSON.stringify({ outcome: "complete" }),
    });
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: "complete",
      payment_status: "paid",
      payment_intent: intentId,
    });
  });

  it("expires an open session and refuses to expire it twice", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: pack.id }],
      success_url: "http://127.0.0.1:3000/done",
    });
    expect((await stripe.checkout.sessions.expire(session.id)).status).toBe("expired");
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: pack.id }], success_url: "http://x.test" }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("Customer Portal", () => {
  it("creates configurations and sessions that return to the app", async () => {
    const customer = await stripe.customers.create();
    const config = await stripe.billingPortal.configurations.create({
      business_profile: { headline: "Tollgate" },
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: [{ product: team.product as string, prices: [team.id] }],
        },
        subscription_cancel: { enabled: true, mode: "at_period_end" },
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
      },
    });
    expect(config.features.subscription_update).toMatchObject({ enabled: true, products: [{ prices: [team.id] }] });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://127.0.0.1:3000/acme/billing",
      configuration: config.id,
    });
    expect(session).toMatchObject({
      object: "billing_portal.session",
      customer: customer.id,
      return_url: "http://127.0.0.1:3000/acme/billing",
    });
    expect(session.url).toBe(`${emu.url}/portal/${session.id}`);
    await expect(stripe.billingPortal.sessions.create({ customer: "cus_missing" })).rejects.toMatchObject({ statusCode: 404 });
  });
});
