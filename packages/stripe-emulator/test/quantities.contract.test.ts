import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

// Per-seat subscriptions: an item's quantity changed through subscriptionItems.update, prorated at proration_date,
// and held as a pending update when its charge fails (payment_behavior=pending_if_incomplete).
const HOUR = 3600;
const DAY = 24 * HOUR;
const JAN_1 = Math.floor(Date.UTC(2027, 0, 1) / 1000);
let emu: TestEmulator;
let stripe: Stripe;
let seat: Stripe.Price;

beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  seat = await stripe.prices.create({
    product_data: { name: "Team seat" },
    currency: "usd",
    unit_amount: 1200,
    recurring: { interval: "month" },
  });
});
afterAll(() => emu.close());

/** A customer on a test clock at 2027-01-01 with `seats` seats of a monthly $12 price, paid by a working card. */
async function seatSubscription(seats: number) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
  const customer = await stripe.customers.create({ test_clock: clock.id, payment_method: "pm_card_visa" });
  const card = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id, quantity: seats }] });
  const advanceTo = (time: number) => stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: time });
  const declineFromNowOn = async () => {
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  };
  const eventTypes = async () =>
    (await stripe.events.list({ limit: 100 })).data.filter((e) => JSON.stringify(e.data.object).includes(sub.id)).map((e) => e.type);
  return { customer, card, sub, item: sub.items.data[0]!, advanceTo, declineFromNowOn, eventTypes };
}

describe("changing a subscription item's quantity", () => {
  it("at the very second the period began, invoices the proration alone, not the period again", async () => {
    const { customer, item } = await seatSubscription(1);
    await stripe.subscriptionItems.update(item.id, { quantity: 3, proration_behavior: "always_invoice" });
    const [update] = (await stripe.invoices.list({ customer: customer.id })).data.filter((i) => i.billing_reason === "subscription_update");
    // The whole month is left: −1 × 1200 for the seat paid, 3 × 1200 for the three.
    expect(update!.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-1200, 3600]);
    expect(update!.amount_paid).toBe(2400);
  });

  it("charges the prorated difference as of proration_date, exactly what the preview made at that moment showed", async () => {
    const { customer, sub, item, advanceTo } = await seatSubscription(3);
    const previewedAt = JAN_1 + 10 * DAY;
    await advanceTo(previewedAt);
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, quantity: 4 }], proration_behavior: "always_invoice", proration_date: previewedAt },
    });
    // By hand: January has 31 days and 21 are left on the 11th. Unused 3 seats: −3 × 1200 × 21/31 = −2438.71 → −2439;
    // 4 seats for the rest: 4 × 1200 × 21/31 = 3251.61 → 3252. An hour later the same change would cost 811.
    expect(preview.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-2439, 3252]);
    expect(preview.total).toBe(813);

    await advanceTo(previewedAt + HOUR);
    const updated = await stripe.subscriptionItems.update(item.id, {
      quantity: 4,
      proration_behavior: "always_invoice",
      proration_date: previewedAt,
      payment_behavior: "pending_if_incomplete",
    });
    expect(updated).toMatchObject({ id: item.id, object: "subscription_item", quantity: 4 });
    const after = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(after.pending_update).toBeNull();
    expect(after.items.data[0]!.quantity).toBe(4);
    expect(after.latest_invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", total: preview.total });
    const lines = (after.latest_invoice as Stripe.Invoice).lines.data;
    expect(lines.map((l) => [l.quantity, l.amount]).sort((a, b) => a[1]! - b[1]!)).toEqual([
      [3, -2439],
      [4, 3252],
    ]);
  });

  it("holds a declined increase as a pending update and applies it once its invoice is paid", async () => {
    const { sub, item, card, declineFromNowOn, eventTypes } = await seatSubscription(2);
    await declineFromNowOn();
    const answered = await stripe.subscriptionItems.update(item.id, {
      quantity: 3,
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    });
    expect(answered.quantity).toBe(2);
    const held = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(held.status).toBe("active");
    expect(held.items.data[0]!.quantity).toBe(2);
    expect(held.pending_update?.subscription_items?.map((i) => [i.id, i.quantity])).toEqual([[item.id, 3]]);
    // 23 hours from the change: the period (January) ends later than that.
    expect(held.pending_update?.expires_at).toBe(JAN_1 + 23 * HOUR);
    const invoice = held.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: "open", billing_reason: "subscription_update", next_payment_attempt: null });

    await stripe.invoices.pay(invoice.id, { payment_method: card.id });
    const applied = await stripe.subscriptions.retrieve(sub.id);
    expect(applied.pending_update).toBeNull();
    expect(applied.items.data[0]!.quantity).toBe(3);
    expect(await eventTypes()).toContain("customer.subscription.pending_update_applied");
  });

  it("drops a pending update nobody paid for when it expires, and voids its invoice", async () => {
    const { sub, item, advanceTo, declineFromNowOn, eventTypes } = await seatSubscription(2);
    await declineFromNowOn();
    await stripe.subscriptionItems.update(item.id, {
      quantity: 5,
      proration_behavior: "always_invoice",
      payment_behavior: "pending_if_incomplete",
    });
    const invoiceId = (await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string;

    await advanceTo(JAN_1 + 23 * HOUR - 1);
    expect((await stripe.subscriptions.retrieve(sub.id)).pending_update).not.toBeNull();
    await advanceTo(JAN_1 + 23 * HOUR);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.pending_update).toBeNull();
    expect(after.items.data[0]!.quantity).toBe(2);
    expect((await stripe.invoices.retrieve(invoiceId)).status).toBe("void");
    expect(await eventTypes()).toEqual(expect.arrayContaining(["customer.subscription.pending_update_expired", "invoice.voided"]));
  });

  it("applies a decrease without proration at once, with no invoice", async () => {
    const { sub, item } = await seatSubscription(4);
    const invoicesBefore = (await stripe.invoices.list({ subscription: sub.id })).data.length;
    const updated = await stripe.subscriptionItems.update(item.id, { quantity: 2, proration_behavior: "none" });
    expect(updated.quantity).toBe(2);
    expect((await stripe.invoices.list({ subscription: sub.id })).data.length).toBe(invoicesBefore);
  });

  it("refuses what a pending update cannot carry, and an item that does not exist", async () => {
    const { sub, item } = await seatSubscription(1);
    await expect(
      stripe.subscriptions.update(sub.id, {
        items: [{ id: item.id, quantity: 2 }],
        metadata: { reason: "more seats" },
        proration_behavior: "always_invoice",
        payment_behavior: "pending_if_incomplete",
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "metadata" });
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]!.quantity).toBe(1);
    await expect(stripe.subscriptionItems.update("si_missing", { quantity: 2 })).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.subscriptionItems.update(item.id, { quantity: -1 })).rejects.toMatchObject({ statusCode: 400, param: "quantity" });
  });
});
