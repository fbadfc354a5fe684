import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PINNED_API_VERSION } from "../src/http/api-version";
import { startTestEmulator, type TestEmulator } from "../src/testing";

// Every parameter a request names is honoured, unknown to the pinned version (refused as Stripe refuses it), or a
// current one the emulator does not implement (refused as such): none is ever ignored, and a refusal changes nothing.
let emu: TestEmulator;
let stripe: Stripe;
let customer: Stripe.Customer;
let monthly: Stripe.Price;
beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  customer = await stripe.customers.create({ email: "parameters@example.test" });
  monthly = await stripe.prices.create({
    product_data: { name: "Team" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
}, 60_000);
afterAll(() => emu.close());

const unsupported = (param: string) => ({
  type: "StripeInvalidRequestError",
  code: "parameter_unsupported_by_emulator",
  param,
  message: expect.stringContaining(`not supported by the emulator: ${param}. API version ${PINNED_API_VERSION} takes it`),
});
const unknown = (param: string) => ({ type: "StripeInvalidRequestError", code: "parameter_unknown", param });

async function raw(method: string, path: string, query: string, version?: string) {
  // As the SDK sends them: a POST's parameters in its body, a GET's or DELETE's in its query.
  const res = await fetch(`${emu.url}${path}${method === "POST" ? "" : `?${query}`}`, {
    method,
    headers: {
      authorization: "Bearer sk_test_parameters",
      "content-type": "application/x-www-form-urlencoded",
      ...(version ? { "stripe-version": version } : {}),
    },
    body: method === "POST" ? query : undefined,
  });
  return { status: res.status, body: (await res.json()) as { error?: Record<string, unknown> } };
}

describe("parameters of the pinned version", () => {
  it("refuses a current parameter the emulator does not implement as not supported, and creates nothing", async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    await expect(stripe.customers.create({ email: "tax@example.test", tax_exempt: "reverse" })).rejects.toMatchObject(
      unsupported("tax_exempt"),
    );
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it("names a nested one by its full name", async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        success_url: "http://127.0.0.1/done",
        line_items: [{ price: monthly.id, quantity: 1, adjustable_quantity: { enabled: true } }],
      }),
    ).rejects.toMatchObject(unsupported("line_items[0][adjustable_quantity]"));
  });

  it("refuses a name the version does not take as unknown, at any depth, even where the handler takes any key", async () => {
    await expect(stripe.customers.create({ colour: "red" } as Stripe.CustomerCreateParams)).rejects.toMatchObject(unknown("colour"));
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: monthly.id, colour: "red" }],
      } as unknown as Stripe.SubscriptionCreateParams),
    ).rejects.toMatchObject(unknown("items[0][colour]"));
    // A dispute's evidence is free-form to the handler, but the version names its fields.
    await expect(stripe.disputes.update("dp_none", { evidence: { colour: "red" } } as Stripe.DisputeUpdateParams)).rejects.toMatchObject(
      unknown("evidence[colour]"),
    );
    expect(await raw("GET", `/v1/customers/${customer.id}`, "colour=red", PINNED_API_VERSION)).toMatchObject({
      status: 400,
      body: { error: { code: "parameter_unknown", param: "colour" } },
    });
  });

  it("ignores no name that is also one of JavaScript's own (constructor, __proto__), yet takes them as metadata keys", async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    for (const form of ["constructor=x", "toString=x", "__proto__[polluted]=1", "address[__proto__]=x"]) {
      const answer = await raw("POST", "/v1/customers", form, PINNED_API_VERSION);
      expect(answer, form).toMatchObject({ status: 400, body: { error: { code: "parameter_unknown" } } });
    }
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const kept = await stripe.customers.create({ email: "keys@example.test", metadata: { constructor: "kept" } });
    expect(kept.metadata).toEqual({ constructor: "kept" });
  });

  it("undoes what a method that reads no parameters did when it was sent one", async () => {
    await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: "usd" });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include", auto_advance: false });
    const open = await stripe.invoices.finalizeInvoice(invoice.id, { auto_advance: false });
    // Without Stripe-Version nothing checks the names before the handler runs: the handler voids, then is refused.
    expect(await raw("POST", `/v1/invoices/${open.id}/void`, "colour=red")).toMatchObject({
      status: 400,
      body: { error: { code: "parameter_unknown", param: "colour" } },
    });
    expect((await stripe.invoices.retrieve(open.id)).status).toBe("open");
    expect((await stripe.invoices.voidInvoice(open.id)).status).toBe("void");
  });

  it("under the account's older default version too, ignores nothing: unknown names stay unknown", async () => {
    const unknownName = await raw("POST", "/v1/customers", "colour=red");
    expect(unknownName).toMatchObject({ status: 400, body: { error: { code: "parameter_unknown", param: "colour" } } });
    const notImplemented = await raw("POST", "/v1/customers", "tax_exempt=reverse");
    expect(notImplemented).toMatchObject({
      status: 400,
      body: { error: { code: "parameter_unsupported_by_emulator", param: "tax_exempt" } },
    });
    const unread = await raw("DELETE", `/v1/customers/${customer.id}`, "colour=red");
    expect(unread).toMatchObject({ status: 400, body: { error: { code: "parameter_unknown", param: "colour" } } });
    expect((await stripe.customers.retrieve(customer.id)).deleted).toBeUndefined();
  });

  it("honours the list filters it used to accept without applying", async () => {
    const other = await stripe.prices.create({
      product_data: { name: "Daily" },
      currency: "usd",
      unit_amount: 100,
      recurring: { interval: "day" },
    });
    const daily = await stripe.prices.list({ recurring: { interval: "day" }, limit: 100 });
    expect(daily.data.map((p) => p.id)).toEqual([other.id]);
    const future = Math.floor(Date.now() / 1000) + 3600;
    expect((await stripe.customers.list({ created: { gte: future } })).data).toEqual([]);
    expect((await stripe.customers.list({ created: { lt: future } })).data.map((c) => c.id)).toContain(customer.id);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], trial_period_days: 7 });
    expect((await stripe.subscriptions.list({ created: { gte: future } })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ created: { lt: future } })).data.map((s) => s.id)).toContain(sub.id);
  });
});
