import Stripe from "stripe";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sdkFor, startReceiver, startTestEmulator } from "../src/testing";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(statuses: number[] = []) {
  const emu = await startTestEmulator();
  const receiver = await startReceiver(statuses);
  cleanups.push(emu.close, receiver.close);
  const endpoint = await emu.stripe.webhookEndpoints.create({
    url: receiver.url,
    enabled_events: ["customer.created", "customer.updated"],
  });
  return { emu, receiver, endpoint };
}

describe("webhook delivery", () => {
  it("posts each matching event signed as Stripe signs, verifiable with constructEvent", async () => {
    const { emu, receiver, endpoint } = await setup();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const customer = await emu.stripe.customers.create({ name: "Hooked" });
    await emu.stripe.customers.update(customer.id, { name: "Renamed" });
    await emu.stripe.products.create({ name: "not subscribed to" });

    await vi.waitUntil(() => receiver.received.length >= 2, { timeout: 5_000, interval: 20 });
    const events = receiver.received.map((r) => emu.stripe.webhooks.constructEvent(r.body, r.signature, endpoint.secret!));
    expect(events.map((e) => e.type).sort()).toEqual(["customer.created", "customer.updated"]);
    const updated = events.find((e) => e.type === "customer.updated") as Stripe.CustomerUpdatedEvent;
    expect(updated.data.object.name).toBe("Renamed");
    expect(updated.data.previous_attributes).toEqual({ name: "Hooked" });
    expect(() => emu.stripe.webhooks.constructEvent(receiver.received[0]!.body, receiver.received[0]!.signature, "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );

    const listed = await emu.stripe.events.list({ type: "customer.*" });
    expect(listed.data[0]).toMatchObject({ object: "event", type: "customer.updated", api_version: Stripe.API_VERSION });
    expect((await emu.stripe.events.retrieve(updated.id)).id).toBe(updated.id);
  });

  it("retries a failing endpoint with backoff until it succeeds, and logs every attempt", async () => {
    const { emu, receiver } = await setup([500, 503, 500]);
    const customer = await emu.stripe.customers.create({ name: "Persistent" });
    await vi.waitUntil(() => receiver.received.some((r) => r.status === 200), { timeout: 5_000, interval: 20 });
    expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 500, 200]);
    const event = (await emu.stripe.events.list({ type: "customer.created" })).data[0]!;
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    const log = await (await fetch(`${emu.url}/_emulator/deliveries?event=${event.id}`)).json();
    expect(log.data[0].state).toBe("succeeded");
    expect(log.data[0].attempts.map((a: { status: number }) => a.status)).toEqual([500, 503, 500, 200]);
    await vi.waitUntil(async () => (await emu.stripe.events.retrieve(event.id)).pending_webhooks === 0, { timeout: 5_000, interval: 20 });
  });

  it("can duplicate deliveries on request, for testing idempotent receivers", async () => {
    const { emu, receiver } = await setup();
    await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ duplicate: true }) });
    await emu.stripe.customers.create({ name: "Twice" });
    await vi.waitUntil(() => receiver.received.length === 2, { timeout: 5_000, interval: 20 });
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
  });
});

describe("listing events", () => {
  it("filters by delivery_success, type, types[] and created, as a reconcile asks for missed events", async () => {
    const emu = await startTestEmulator();
    const good = await startReceiver();
    const bad = await startReceiver(Array.from({ length: 50 }, () => 500));
    cleanups.push(emu.close, good.close, bad.close);
    await emu.stripe.webhookEndpoints.create({ url: good.url, enabled_events: ["customer.updated"] });
    await emu.stripe.webhookEndpoints.create({ url: bad.url, enabled_events: ["customer.created"] });
    const customer = await emu.stripe.customers.create({ name: "Missed" });
    await emu.stripe.customers.update(customer.id, { name: "Delivered" });
    await vi.waitUntil(() => good.received.length === 1 && bad.received.length > 0, { timeout: 5_000, interval: 20 });
    const [updated, created] = (await emu.stripe.events.list({ type: "customer.*" })).data;
    expect([updated!.type, created!.type]).toEqual(["customer.updated", "customer.created"]);

    const ids = async (params: Stripe.EventListParams) => (await emu.stripe.events.list(params)).data.map((e) => e.id);
    expect(await ids({ delivery_success: false })).toEqual([created!.id]);
    expect(await ids({ delivery_success: true, type: "customer.*" })).toEqual([updated!.id]);
    expect(await ids({ types: ["customer.updated", "invoice.paid"] })).toEqual([updated!.id]);
    expect(await ids({ created: { gte: created!.created }, type: "customer.created" })).toEqual([created!.id]);
    expect(await ids({ created: { gt: updated!.created + 60 } })).toEqual([]);
    await expect(emu.stripe.events.list({ type: "customer.created", types: ["customer.updated"] })).rejects.toMatchObject({
      statusCode: 400,
      param: "types",
    });
  });
});

describe("delivery faults", () => {
  it("still delivers every event, once each, with shuffled order and a delay switched on", async () => {
    const { emu, receiver } = await setup();
    const delayMs = 200;
    await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ shuffle: true, delayMs }) });
    const sentAt = Date.now();
    // With a delay of 200 ms the shuffle window stays open for 250 ms, so all twelve land in one batch:
    // the chance it keeps their order is 1 in 12!.
    const made: string[] = [];
    for (let i = 0; i < 12; i++) made.push((await emu.stripe.customers.create({ name: `Shuffled ${i}` })).id);
    await vi.waitUntil(() => receiver.received.length === 12, { timeout: 5_000, interval: 20 });
    const delivered = receiver.received.map((r) => JSON.parse(r.body).data.object.id as string);
    expect([...delivered].sort()).toEqual([...made].sort());
    expect(delivered).not.toEqual(made);
    expect(Math.min(...receiver.received.map((r) => r.at)) - sentAt).toBeGreaterThanOrEqual(delayMs);
    await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({}) });
  });
});

describe("persistence", () => {
  it("keeps objects and events across a restart", async () => {
    const first = await startTestEmulator();
    const customer = await first.stripe.customers.create({ email: "kept@example.test" });
    await first.close();
    const second = await startTestEmulator({ databaseUrl: first.databaseUrl });
    cleanups.push(second.close);
    expect(((await second.stripe.customers.retrieve(customer.id)) as Stripe.Customer).email).toBe("kept@example.test");
    expect((await second.stripe.events.list({ type: "customer.created" })).data).toHaveLength(1);
  });
});

describe("payment methods", () => {
  it("attaches test cards, refuses declining ones at attach, and accepts 0341 which fails only when charged", async () => {
    const emu = await startTestEmulator();
    cleanups.push(emu.close);
    const customer = await emu.stripe.customers.create();
    const visa = await emu.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(visa).toMatchObject({ type: "card", customer: customer.id, card: { brand: "visa", last4: "4242" } });
    // A card number is sent only by Stripe.js, with the publishable key.
    const again = await sdkFor(emu.url, "pk_test_contract").paymentMethods.create({
      type: "card",
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2031, cvc: "123" },
    });
    expect(again.card!.fingerprint).toBe(visa.card!.fingerprint);

    const declined = await emu.stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
    await expect(emu.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id })).resolves.toMatchObject({
      card: { last4: "0341" },
    });

    await emu.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    const listed = await emu.stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data).toHaveLength(2);
    await expect(
      emu.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: again.id } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
