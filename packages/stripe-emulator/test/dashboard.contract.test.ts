import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startReceiver, startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const form = (path: string, fields: Record<string, string>) =>
  fetch(`${emu.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });

describe("the emulator's dashboard", () => {
  it("lists what exists, newest first, on each tab", async () => {
    const older = await emu.stripe.customers.create({ email: "dash-older@example.test" });
    const newer = await emu.stripe.customers.create({ email: "dash@example.test" });
    const html = await (await fetch(`${emu.url}/?tab=customers`)).text();
    expect(html).toContain("dash@example.test");
    expect(html.indexOf(newer.id)).toBeGreaterThan(-1);
    expect(html.indexOf(newer.id)).toBeLessThan(html.indexOf(older.id));
    const events = await (await fetch(`${emu.url}/?tab=events`)).text();
    const [newest, previous] = (await emu.stripe.events.list({ limit: 2 })).data;
    expect(events.indexOf(newest!.id)).toBeGreaterThan(-1);
    expect(events.indexOf(newest!.id)).toBeLessThan(events.indexOf(previous!.id));
  });

  it("advances a test clock from its form, running what falls due", async () => {
    const start = Math.floor(Date.UTC(2027, 0, 1) / 1000);
    const clock = await emu.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await emu.stripe.customers.create({ test_clock: clock.id, payment_method: "pm_card_visa" });
    const pm = (await emu.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await emu.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const price = await emu.stripe.prices.create({
      product_data: { name: "Dash" },
      currency: "usd",
      unit_amount: 900,
      recurring: { interval: "month" },
    });
    const sub = await emu.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 5 });
    const res = await form("/_emulator/dashboard/advance", { clock: clock.id, days: "6" });
    expect(res.status).toBe(303);
    expect((await emu.stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time).toBe(start + 6 * 86_400);
    expect((await emu.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("resends an event from its button", async () => {
    const receiver = await startReceiver();
    await emu.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["product.created"] });
    const product = await emu.stripe.products.create({ name: "Resent" });
    const event = (await emu.stripe.events.list({ type: "product.created", limit: 1 })).data[0]!;
    expect((event.data.object as { id: string }).id).toBe(product.id);
    await vi.waitUntil(() => receiver.received.length === 1, { timeout: 5_000, interval: 20 });
    await form("/_emulator/dashboard/resend", { event: event.id });
    await vi.waitUntil(() => receiver.received.length === 2, { timeout: 5_000, interval: 20 });
    await receiver.close();
  });
});
