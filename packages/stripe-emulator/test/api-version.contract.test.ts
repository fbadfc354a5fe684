import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStripeContract } from "../src/conformance/contract-cache";
import { eventTypesFileText, EVENT_TYPES_FILE } from "../scripts/write-generated";
import { PINNED_API_VERSION, REMOVED_PARAMETERS } from "../src/http/api-version";
import { startTestEmulator, startReceiver, type TestEmulator } from "../src/testing";
import { readFileSync } from "node:fs";

// The emulator speaks the API version Tollgate pins: what that version removed is refused as Stripe refuses it, what
// replaced it is honoured, and a request without Stripe-Version (the Stripe CLI's) runs under the account's older
// default, as on Stripe.
let emu: TestEmulator;
let stripe: Stripe;
let customer: Stripe.Customer;
let monthly: Stripe.Price;
let oneTime: Stripe.Price;
beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  customer = await stripe.customers.create({ email: "versions@example.test" });
  monthly = await stripe.prices.create({
    product_data: { name: "Team" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  oneTime = await stripe.prices.create({ product_data: { name: "Credits" }, currency: "usd", unit_amount: 1000 });
}, 60_000);
afterAll(() => emu.close());

/** A raw form request, as the Stripe CLI makes one: with the Stripe-Version given, or none. */
async function raw(method: string, path: string, form: Record<string, string>, version?: string) {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: "Bearer sk_test_versions",
      "content-type": "application/x-www-form-urlencoded",
      ...(version ? { "stripe-version": version } : {}),
    },
    body: method === "GET" ? undefined : new URLSearchParams(form),
  });
  return { status: res.status, version: res.headers.get("stripe-version"), body: await res.json() };
}

const unknownParam = (param: string) => ({
  type: "StripeInvalidRequestError",
  code: "parameter_unknown",
  param,
  message: `Received unknown parameter: ${param}`,
});

describe("the pinned API version", () => {
  it("answers under the version the SDK names, and under the account's default without one; a malformed one is refused", async () => {
    expect((await raw("GET", "/v1/customers", {}, PINNED_API_VERSION)).version).toBe(PINNED_API_VERSION);
    const legacy = await raw("GET", "/v1/customers", {});
    expect(legacy.status).toBe(200);
    expect(legacy.version).toBe("2024-06-20");
    const malformed = await raw("GET", "/v1/customers", {}, "yesterday");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ type: "invalid_request_error", message: "Invalid Stripe API version: yesterday" });
  });

  it("refuses payment_method_types, which it replaced with allowed_payment_method_types, and honours the new one", async () => {
    await expect(
      stripe.paymentIntents.create({ amount: 500, currency: "usd", payment_method_types: ["card"] } as never),
    ).rejects.toMatchObject(unknownParam("payment_method_types"));
    await expect(stripe.setupIntents.create({ payment_method_types: ["card"] } as never)).rejects.toMatchObject(
      unknownParam("payment_method_types"),
    );
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: oneTime.id, quantity: 1 }],
        success_url: "http://127.0.0.1:3000/done",
        payment_method_types: ["card"],
      } as never),
    ).rejects.toMatchObject(unknownParam("payment_method_types"));

    const pi = await stripe.paymentIntents.create({ amount: 500, currency: "usd", allowed_payment_method_types: ["card"] });
    expect(pi).toMatchObject({ allowed_payment_method_types: ["card"], payment_method_types: ["card"] });
    const si = await stripe.setupIntents.create({ allowed_payment_method_types: ["card"] });
    expect(si.allowed_payment_method_types).toEqual(["card"]);
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: oneTime.id, quantity: 1 }],
      success_url: "http://127.0.0.1:3000/done",
      allowed_payment_method_types: ["card"],
    });
    expect(session).toMatchObject({ allowed_payment_method_types: ["card"], ui_mode: "hosted_page" });

    // The Stripe CLI's fixtures still send the old parameter, with no Stripe-Version: that works, as on Stripe.
    const fromCli = await raw("POST", "/v1/payment_intents", { amount: "700", currency: "usd", "payment_method_types[0]": "card" });
    expect(fromCli.status).toBe(200);
    expect(fromCli.body.payment_method_types).toEqual(["card"]);
  });

  it("refuses coupon and promotion_code on subscriptions and coupon on promotion codes; discounts[] and promotion[coupon] work", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: "forever" });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], coupon: coupon.id } as never),
    ).rejects.toMatchObject(unknownParam("coupon"));
    await expect(stripe.promotionCodes.create({ coupon: coupon.id, code: `OLD${Date.now()}` } as never)).rejects.toMatchObject(
      unknownParam("coupon"),
    );
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: `NEW${Date.now()}` });
    const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: card.id,
      discounts: [{ coupon: coupon.id }],
    });
    expect(sub.discounts).toHaveLength(1);
    await expect(stripe.subscriptions.update(sub.id, { promotion_code: promo.id } as never)).rejects.toMatchObject(
      unknownParam("promotion_code"),
    );
    const updated = await stripe.subscriptions.update(sub.id, { discounts: [{ promotion_code: promo.id }] });
    expect(updated.discounts).toHaveLength(1);
  });

  it("takes Checkout's ui_mode values of the pinned version only, and refuses a recurring price in payment mode", async () => {
    const base = { line_items: [{ price: oneTime.id, quantity: 1 }], success_url: "http://127.0.0.1:3000/done" };
    await expect(stripe.checkout.sessions.create({ ...base, mode: "payment", ui_mode: "hosted" } as never)).rejects.toMatchObject({
      param: "ui_mode",
    });
    expect((await stripe.checkout.sessions.create({ ...base, mode: "payment", ui_mode: "hosted_page" })).ui_mode).toBe("hosted_page");
    await expect(
      stripe.checkout.sessions.create({ ...base, mode: "payment", line_items: [{ price: monthly.id, quantity: 1 }] }),
    ).rejects.toMatchObject({ message: expect.stringContaining("passed a recurring price"), param: "line_items[0][price]" });
    const cli = await raw("POST", "/v1/checkout/sessions", {
      mode: "payment",
      "line_items[0][price]": oneTime.id,
      "line_items[0][quantity]": "1",
      success_url: "http://127.0.0.1:3000/done",
      ui_mode: "hosted",
    });
    expect(cli.body.ui_mode).toBe("hosted_page");
  });

  it("sends no event types Stripe does not send, and refuses an endpoint that asks for one", async () => {
    const receiver = await startReceiver();
    try {
      await expect(
        stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["payment_intent.updated" as never] }),
      ).rejects.toMatchObject({
        param: "enabled_events[0]",
      });
      await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] });
      const pi = await stripe.paymentIntents.create({ amount: 900, currency: "usd" });
      await stripe.paymentIntents.update(pi.id, { description: "changed" });
      const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: "usd" });
      await stripe.invoiceItems.update(item.id, { description: "changed" });
      const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
      expect(types).toContain("payment_intent.created");
      expect(types).toContain("invoiceitem.created");
      expect(types).not.toContain("payment_intent.updated");
      expect(types).not.toContain("invoiceitem.updated");
    } finally {
      await receiver.close();
    }
  });

  it("knows what it removed and what it honours from the SDK's own parameter types, and its event list is the SDK's", async () => {
    const contract = await loadStripeContract();
    for (const [route, { params, removed }] of Object.entries(REMOVED_PARAMETERS)) {
      const current = contract.params[params];
      expect(current, `${route}: ${params}`).toBeDefined();
      for (const [old, replacement] of Object.entries(removed)) {
        expect(current, `${route} still takes ${old}`).not.toContain(old);
        if (replacement) expect(current, `${route} takes ${replacement}`).toContain(replacement.split("[")[0]);
      }
    }
    expect(readFileSync(EVENT_TYPES_FILE, "utf8"), "regenerate with npx tsx packages/stripe-emulator/scripts/write-generated.ts").toBe(
      eventTypesFileText(Object.keys(contract.events)),
    );
  });
});
