import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

// Billing Meters: meters and their lifecycle, meter events with Stripe's synchronous checks (identifier, timestamp
// window), and event summaries by customer and period.
const HOUR = 3600;
const DAY = 24 * HOUR;
const JAN_1 = Math.floor(Date.UTC(2027, 0, 1) / 1000);
let emu: TestEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
});
afterAll(() => emu.close());

const eventName = () => `runs_${randomUUID().slice(0, 8)}`;

/** A customer on a test clock at 2027-01-01 00:00 UTC. */
async function clockedCustomer() {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
  const customer = await stripe.customers.create({ test_clock: clock.id });
  const advanceTo = (time: number) => stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: time });
  return { customer, advanceTo };
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => null,
    (err: Stripe.errors.StripeError) => ({ status: err.statusCode, type: err.type, param: err.param, message: err.message }),
  );

describe("billing meters", () => {
  it("are created, read, listed by status, renamed, deactivated and reactivated, each with its event", async () => {
    const name = eventName();
    const meter = await stripe.billing.meters.create({
      display_name: "Runs",
      event_name: name,
      default_aggregation: { formula: "sum" },
    });
    expect(meter).toMatchObject({
      object: "billing.meter",
      status: "active",
      customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
      value_settings: { event_payload_key: "value" },
      event_time_window: null,
      status_transitions: { deactivated_at: null },
    });
    expect(await stripe.billing.meters.retrieve(meter.id)).toEqual(meter);
    // One active meter per event name.
    expect(
      await refusal(stripe.billing.meters.create({ display_name: "Again", event_name: name, default_aggregation: { formula: "count" } })),
    ).toMatchObject({ status: 400, param: "event_name" });

    const renamed = await stripe.billing.meters.update(meter.id, { display_name: "Runs beyond the allowance" });
    expect(renamed.display_name).toBe("Runs beyond the allowance");
    const inactive = await stripe.billing.meters.deactivate(meter.id);
    expect(inactive.status).toBe("inactive");
    expect(inactive.status_transitions.deactivated_at).toEqual(expect.any(Number));
    expect(await refusal(stripe.billing.meters.deactivate(meter.id))).toMatchObject({ status: 400 });
    const listed = async (status: "active" | "inactive") =>
      (await stripe.billing.meters.list({ status, limit: 100 })).data.map((m) => m.id);
    expect(await listed("inactive")).toContain(meter.id);
    expect(await listed("active")).not.toContain(meter.id);
    const active = await stripe.billing.meters.reactivate(meter.id);
    expect(active).toMatchObject({ status: "active", status_transitions: { deactivated_at: null } });

    const types = (await stripe.events.list({ limit: 100 })).data
      .filter((e) => (e.data.object as { id?: string }).id === meter.id)
      .map((e) => e.type)
      .reverse();
    expect(types).toEqual(["billing.meter.created", "billing.meter.updated", "billing.meter.deactivated", "billing.meter.reactivated"]);
  });
});

describe("meter events", () => {
  it("add up per customer and period in the event summaries, whole or by hour", async () => {
    const name = eventName();
    const meter = await stripe.billing.meters.create({ display_name: "Runs", event_name: name, default_aggregation: { formula: "sum" } });
    const { customer } = await clockedCustomer();
    const other = await clockedCustomer();
    const send = (c: string, value: string, timestamp: number) =>
      stripe.billing.meterEvents.create({ event_name: name, payload: { stripe_customer_id: c, value }, timestamp });
    const event = await send(customer.id, "3", JAN_1 - 2 * HOUR);
    expect(event).toMatchObject({ object: "billing.meter_event", event_name: name, timestamp: JAN_1 - 2 * HOUR, payload: { value: "3" } });
    expect(event.identifier).toEqual(expect.any(String));
    await send(customer.id, "4", JAN_1 - 2 * HOUR + 59);
    await send(customer.id, "5", JAN_1 - HOUR + 30);
    await send(other.customer.id, "100", JAN_1 - HOUR);
    // A value Stripe cannot read counts for nothing (Stripe reports it later; the request itself is accepted).
    await send(customer.id, "many", JAN_1 - HOUR);

    const summaries = (params: Partial<Stripe.Billing.MeterListEventSummariesParams>) =>
      stripe.billing.meters.listEventSummaries(meter.id, {
        customer: customer.id,
        start_time: JAN_1 - DAY,
        end_time: JAN_1,
        ...params,
      });
    const whole = await summaries({});
    expect(whole.data).toEqual([
      expect.objectContaining({
        object: "billing.meter_event_summary",
        aggregated_value: 12,
        meter: meter.id,
        start_time: JAN_1 - DAY,
        end_time: JAN_1,
      }),
    ]);
    const hourly = await summaries({ start_time: JAN_1 - 3 * HOUR, value_grouping_window: "hour" });
    expect(hourly.data.map((s) => [s.start_time - JAN_1, s.aggregated_value])).toEqual([
      [-HOUR, 5],
      [-2 * HOUR, 7],
      [-3 * HOUR, 0],
    ]);
    expect(await refusal(summaries({ start_time: JAN_1 - DAY + 30 }))).toMatchObject({ status: 400, param: "start_time" });
    expect(await refusal(summaries({ start_time: JAN_1 - DAY + 60, value_grouping_window: "hour" }))).toMatchObject({
      status: 400,
      param: "start_time",
    });
  });

  it("refuse an identifier seen in the last 24 hours, and count it again once that has passed", async () => {
    const name = eventName();
    const meter = await stripe.billing.meters.create({ display_name: "Runs", event_name: name, default_aggregation: { formula: "sum" } });
    const { customer, advanceTo } = await clockedCustomer();
    const send = (identifier: string) =>
      stripe.billing.meterEvents.create({ event_name: name, identifier, payload: { stripe_customer_id: customer.id, value: "1" } });
    await send("run_1");
    expect(await refusal(send("run_1"))).toEqual({
      status: 400,
      type: "StripeInvalidRequestError",
      param: "identifier",
      message: "An event already exists with identifier run_1.",
    });
    await advanceTo(JAN_1 + DAY - 1);
    expect(await refusal(send("run_1"))).toMatchObject({ status: 400, param: "identifier" });
    await advanceTo(JAN_1 + DAY + 1);
    await send("run_1");
    const total = await stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: JAN_1,
      end_time: JAN_1 + 2 * DAY,
    });
    expect(total.data[0]!.aggregated_value).toBe(2);
  });

  it("refuse a timestamp more than 35 days back or 5 minutes ahead of the customer's time", async () => {
    const name = eventName();
    await stripe.billing.meters.create({ display_name: "Runs", event_name: name, default_aggregation: { formula: "sum" } });
    const { customer } = await clockedCustomer();
    const send = (timestamp: number) =>
      stripe.billing.meterEvents.create({ event_name: name, payload: { stripe_customer_id: customer.id, value: "1" }, timestamp });
    expect(await refusal(send(JAN_1 - 36 * DAY))).toMatchObject({ status: 400, param: "timestamp" });
    expect(await refusal(send(JAN_1 + 10 * 60))).toMatchObject({ status: 400, param: "timestamp" });
    await expect(send(JAN_1 - 35 * DAY)).resolves.toMatchObject({ timestamp: JAN_1 - 35 * DAY });
    await expect(send(JAN_1 + 5 * 60)).resolves.toMatchObject({ timestamp: JAN_1 + 5 * 60 });
  });

  it("aggregate by count and by last value, skip a deactivated meter, and take the last total of a pre-aggregated window", async () => {
    const { customer } = await clockedCustomer();
    const meterWith = async (formula: "count" | "last", extra: Partial<Stripe.Billing.MeterCreateParams> = {}) => {
      const name = eventName();
      const meter = await stripe.billing.meters.create({
        display_name: formula,
        event_name: name,
        default_aggregation: { formula },
        value_settings: { event_payload_key: "seats" },
        customer_mapping: { event_payload_key: "account", type: "by_id" },
        ...extra,
      });
      const send = (seats: string, timestamp: number) =>
        stripe.billing.meterEvents.create({ event_name: name, payload: { account: customer.id, seats }, timestamp });
      const total = async () =>
        (await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: JAN_1 - DAY, end_time: JAN_1 }))
          .data[0]!.aggregated_value;
      return { meter, send, total };
    };
    const count = await meterWith("count");
    await count.send("7", JAN_1 - 3 * HOUR);
    await count.send("2", JAN_1 - HOUR);
    expect(await count.total()).toBe(2);
    await stripe.billing.meters.deactivate(count.meter.id);
    await count.send("9", JAN_1 - HOUR);
    expect(await count.total()).toBe(2);

    const last = await meterWith("last");
    await last.send("7", JAN_1 - HOUR);
    await last.send("5", JAN_1 - 3 * HOUR);
    expect(await last.total()).toBe(7);

    // Totals sent for each hour: the last one received for an hour replaces the earlier ones.
    const hourly = await meterWith("last", { event_time_window: "hour" });
    await hourly.send("4", JAN_1 - HOUR + 10);
    await hourly.send("6", JAN_1 - HOUR + 5);
    expect(await hourly.total()).toBe(6);
  });
});

describe("metered prices", () => {
  /** A customer on a test clock with a $5 monthly base price and a metered $0.02 a run, both on one subscription. */
  async function meteredSubscription() {
    const name = eventName();
    const meter = await stripe.billing.meters.create({ display_name: "Runs", event_name: name, default_aggregation: { formula: "sum" } });
    const perRun = await stripe.prices.create({
      product_data: { name: "Runs" },
      currency: "usd",
      unit_amount: 2,
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    const base = await stripe.prices.create({
      product_data: { name: "Base" },
      currency: "usd",
      unit_amount: 500,
      recurring: { interval: "month" },
    });
    const { customer, advanceTo } = await clockedCustomer();
    await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const card = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: base.id }, { price: perRun.id }] });
    const runs = (value: number, timestamp: number) =>
      stripe.billing.meterEvents.create({
        event_name: name,
        payload: { stripe_customer_id: customer.id, value: String(value) },
        timestamp,
      });
    return { meter, perRun, base, customer, sub, advanceTo, runs };
  }

  it("need a meter, and a metered item takes no quantity", async () => {
    expect(
      await refusal(
        stripe.prices.create({
          product_data: { name: "Runs" },
          currency: "usd",
          unit_amount: 2,
          recurring: { interval: "month", usage_type: "metered" },
        }),
      ),
    ).toMatchObject({ status: 400, param: "recurring[meter]" });
    const { perRun, customer, sub } = await meteredSubscription();
    expect(perRun.recurring).toMatchObject({ usage_type: "metered", meter: expect.stringMatching(/^mtr_/) });
    const metered = sub.items.data.find((i) => i.price.id === perRun.id)!;
    expect(metered.quantity).toBeUndefined();
    expect(metered.plan.meter).toBe(perRun.recurring!.meter);
    // The first invoice bills the base price in advance; usage is billed in arrears.
    const [first] = (await stripe.invoices.list({ customer: customer.id })).data;
    expect(first!.lines.data.map((l) => l.amount)).toEqual([500]);
    expect(await refusal(stripe.subscriptions.create({ customer: customer.id, items: [{ price: perRun.id, quantity: 3 }] }))).toMatchObject(
      { status: 400, param: "items[0][quantity]" },
    );
  });

  it("bill the period's usage at renewal with the next period's base, as the preview said", async () => {
    const { perRun, customer, sub, advanceTo, runs } = await meteredSubscription();
    for (const [value, at] of [
      [120, JAN_1 + HOUR],
      [30, JAN_1 + 10 * DAY],
      [50, JAN_1 + 20 * DAY],
    ] as const) {
      await advanceTo(at);
      await runs(value, at);
    }
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    const usageLine = (invoice: Stripe.Invoice) => invoice.lines.data.find((l) => l.pricing?.price_details?.price === perRun.id)!;
    expect(usageLine(preview)).toMatchObject({ quantity: 200, amount: 400 });
    expect(preview.total).toBe(900);

    const FEB_1 = Math.floor(Date.UTC(2027, 1, 1) / 1000);
    await advanceTo(FEB_1 + HOUR);
    const renewal = (await stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === "subscription_cycle")!;
    expect(usageLine(renewal)).toMatchObject({ quantity: 200, amount: 400, period: { start: JAN_1, end: FEB_1 } });
    expect(renewal.total).toBe(preview.total);
    expect(renewal.status).toBe("paid");
    // The next period starts from nothing.
    const next = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(usageLine(next)).toMatchObject({ quantity: 0, amount: 0 });
  });

  it("can be added to and removed from a subscription without prorating anything", async () => {
    const { perRun, base, customer, sub, advanceTo } = await meteredSubscription();
    await advanceTo(JAN_1 + 10 * DAY);
    const metered = sub.items.data.find((i) => i.price.id === perRun.id)!;
    const without = await stripe.subscriptions.update(sub.id, {
      items: [{ id: metered.id, deleted: true }],
      proration_behavior: "always_invoice",
    });
    expect(without.items.data.map((i) => i.price.id)).toEqual([base.id]);
    const again = await stripe.subscriptions.update(sub.id, { items: [{ price: perRun.id }], proration_behavior: "always_invoice" });
    expect(again.items.data.map((i) => i.price.id).sort()).toEqual([base.id, perRun.id].sort());
    const updates = (await stripe.invoices.list({ customer: customer.id })).data.filter((i) => i.billing_reason === "subscription_update");
    expect(updates.every((i) => i.total === 0)).toBe(true);
  });
});
