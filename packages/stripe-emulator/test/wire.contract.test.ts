import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkFor, startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe("wire compatibility with the official SDK", () => {
  it("creates, retrieves, updates and deletes a customer with Stripe's shapes", async () => {
    const created = await emu.stripe.customers.create({ email: "a@example.test", name: "Ada", metadata: { orgId: "org_1" } });
    expect(created.id).toMatch(/^cus_\w{14}$/);
    expect(created).toMatchObject({
      object: "customer",
      email: "a@example.test",
      livemode: false,
      balance: 0,
      invoice_settings: { default_payment_method: null },
    });
    expect(created.address).toBeNull();

    const updated = await emu.stripe.customers.update(created.id, { metadata: { plan: "team", orgId: "" } });
    expect(updated.metadata).toEqual({ plan: "team" });
    expect((await emu.stripe.customers.retrieve(created.id)) as Stripe.Customer).toMatchObject({ name: "Ada" });

    const deleted = await emu.stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: "customer", deleted: true });
    await expect(emu.stripe.customers.update(created.id, { name: "x" })).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });

  it("finds customers by metadata with search", async () => {
    const orgId = `org_${Date.now()}`;
    const mine = await emu.stripe.customers.create({ metadata: { orgId } });
    await emu.stripe.customers.create({ metadata: { orgId: `${orgId}_other` } });
    const found = await emu.stripe.customers.search({ query: `metadata['orgId']:'${orgId}'` });
    expect(found.data.map((c) => c.id)).toEqual([mine.id]);
  });

  it("paginates lists newest first, and the SDK's auto-pagination walks every page", async () => {
    const product = await emu.stripe.products.create({ name: "Paged" });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push((await emu.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 100 + i })).id);
    const first = await emu.stripe.prices.list({ product: product.id, limit: 3 });
    expect(first.data.map((p) => p.id)).toEqual(ids.slice(-3).reverse());
    expect(first.has_more).toBe(true);
    expect(first.url).toBe("/v1/prices");
    const all: string[] = [];
    for await (const price of emu.stripe.prices.list({ product: product.id, limit: 2 })) all.push(price.id);
    expect(all).toEqual([...ids].reverse());
    const before = await emu.stripe.prices.list({ product: product.id, limit: 2, ending_before: ids[3] });
    expect(before.data.map((p) => p.id)).toEqual([ids[5], ids[4]]);
  });

  it("expands nested fields, including inside lists", async () => {
    const price = await emu.stripe.prices.create({
      product_data: { name: "Expandable" },
      currency: "usd",
      unit_amount: 500,
      recurring: { interval: "month" },
    });
    const expanded = await emu.stripe.prices.retrieve(price.id, { expand: ["product"] });
    expect((expanded.product as Stripe.Product).name).toBe("Expandable");
    const listed = await emu.stripe.prices.list({ limit: 1, expand: ["data.product"] });
    expect((listed.data[0]!.product as Stripe.Product).object).toBe("product");
    await expect(emu.stripe.prices.retrieve(price.id, { expand: ["nope"] })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it("replays an idempotent request and refuses the key with other parameters", async () => {
    const key = `idem-${Date.now()}`;
    const a = await emu.stripe.customers.create({ email: "same@example.test" }, { idempotencyKey: key });
    const b = await emu.stripe.customers.create({ email: "same@example.test" }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const err = await emu.stripe.customers.create({ email: "other@example.test" }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((await emu.stripe.customers.list({ email: "same@example.test" })).data).toHaveLength(1);
  });

  it("answers bad input with Stripe's error types, and a failed request changes nothing", async () => {
    const unknown = await emu.stripe.customers.create({ nickname: "x" } as Stripe.CustomerCreateParams).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "nickname" });

    const missing = await emu.stripe.prices.create({ currency: "usd", product_data: { name: "No amount" } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "parameter_missing", param: "unit_amount" });
    expect((await emu.stripe.products.list({ limit: 100 })).data.some((p) => p.name === "No amount")).toBe(false);

    const nested = await emu.stripe.prices
      .create({ currency: "usd", unit_amount: 1, product_data: { name: "n", colour: "red" } as never })
      .catch((e: unknown) => e);
    expect(nested).toMatchObject({ code: "parameter_unknown", param: "product_data[colour]" });

    await expect(emu.stripe.customers.retrieve("cus_doesnotexist")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
    });
    await expect(sdkFor(emu.url, "sk_live_nope").customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(sdkFor(emu.url, "pk_test_publishable").customers.list()).rejects.toMatchObject({ statusCode: 401 });
  });

  it("never crashes on a malformed request", async () => {
    const res = await fetch(`${emu.url}/v1/customers`, {
      method: "POST",
      headers: { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" },
      body: "metadata[[[=&&%%%&email[]=1",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.type).toBe("invalid_request_error");
    expect((await fetch(`${emu.url}/v1/customers?limit=1`, { headers: { authorization: "Bearer sk_test_x" } })).status).toBe(200);
  });
});

describe("catalog", () => {
  it("keeps lookup keys unique and moves one with transfer_lookup_key", async () => {
    const key = `team_monthly_${Date.now()}`;
    const product = await emu.stripe.products.create({ name: "Team" });
    const v1 = await emu.stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 4900,
      recurring: { interval: "month" },
      lookup_key: key,
    });
    await expect(
      emu.stripe.prices.create({
        product: product.id,
        currency: "usd",
        unit_amount: 5900,
        recurring: { interval: "month" },
        lookup_key: key,
      }),
    ).rejects.toMatchObject({ param: "lookup_key" });
    const v2 = await emu.stripe.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: 5900,
      recurring: { interval: "month" },
      lookup_key: key,
      transfer_lookup_key: true,
    });
    const byKey = await emu.stripe.prices.list({ lookup_keys: [key] });
    expect(byKey.data.map((p) => p.id)).toEqual([v2.id]);
    expect((await emu.stripe.prices.retrieve(v1.id)).lookup_key).toBeNull();
    expect(v2.recurring).toMatchObject({ interval: "month", interval_count: 1, usage_type: "licensed" });
  });

  it("creates coupons and promotion codes", async () => {
    const coupon = await emu.stripe.coupons.create({ percent_off: 20, duration: "repeating", duration_in_months: 3 });
    const promo = await emu.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: `SAVE${Date.now()}` });
    expect(promo.promotion.coupon).toBe(coupon.id);
    expect((await emu.stripe.promotionCodes.list({ code: promo.code })).data).toHaveLength(1);
    await expect(emu.stripe.coupons.create({ duration: "once" })).rejects.toMatchObject({ statusCode: 400 });
  });
});
