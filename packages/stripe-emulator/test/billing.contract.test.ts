import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

const DAY = 86_400;
let emu: TestEmulator;
let stripe: Stripe;
let team: Stripe.Price;
let business: Stripe.Price;
let teamAnnual: Stripe.Price;

beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  const product = await stripe.products.create({ name: "Team" });
  team = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 4900, recurring: { interval: "month" } });
  teamAnnual = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 49000, recurring: { interval: "year" } });
  business = await stripe.prices.create({
    product_data: { name: "Business" },
    currency: "usd",
    unit_amount: 19900,
    recurring: { interval: "month" },
  });
});
afterAll(() => emu.close());

async function clockedCustomer(card = "pm_card_visa") {
  const start = Math.floor(Date.UTC(2027, 0, 1) / 1000);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
  const customer = await stripe.customers.create({
    test_clock: clock.id,
    payment_method: card,
    invoice_settings: { default_payment_method: undefined },
  });
  const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const advance = async (seconds: number) => {
    const current = await stripe.testHelpers.testClocks.retrieve(clock.id);
    return stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: current.frozen_time + seconds });
  };
  const eventsOf = async (subscription: string) =>
    (await stripe.events.list({ limit: 100 })).data.filter((e) => JSON.stringify(e.data.object).includes(subscription)).map((e) => e.type);
  return { clock, customer, pm, start, advance, eventsOf };
}

describe("subscription lifecycle on a test clock", () => {
  it("goes trial → trial_will_end → active → renewal → failed payment → past_due → recovered → cancel at period end → canceled", async () => {
    const { customer, start, advance, eventsOf } = await clockedCustomer();
    let sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      trial_period_days: 14,
      metadata: { orgId: "org_1", planCode: "team" },
    });
    expect(sub).toMatchObject({ status: "trialing", trial_start: start, trial_end: start + 14 * DAY });
    expect(sub.items.data[0]).toMatchObject({ current_period_start: start, current_period_end: start + 14 * DAY });
    const trialInvoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(trialInvoice).toMatchObject({ status: "paid", amount_due: 0, billing_reason: "subscription_create" });

    await advance(11 * DAY + 60);
    expect(await eventsOf(sub.id)).toContain("customer.subscription.trial_will_end");
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("trialing");

    await advance(3 * DAY);
    sub = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(sub.status).toBe("active");
    expect(sub.latest_invoice).toMatchObject({ status: "paid", amount_paid: 4900, billing_reason: "subscription_cycle" });
    const firstEnd = sub.items.data[0]!.current_period_end;
    expect(firstEnd).toBe(Math.floor(Date.UTC(2027, 1, 15) / 1000));

    await advance(firstEnd - (await stripe.testHelpers.testClocks.retrieve(sub.test_clock as string)).frozen_time + 60);
    sub = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(sub.latest_invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", period_start: firstEnd });
    expect((sub.latest_invoice as Stripe.Invoice).number).toMatch(/^[0-9A-F]{8}-0003$/);

    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const secondEnd = sub.items.data[0]!.current_period_end;
    await advance(secondEnd - (await stripe.testHelpers.testClocks.retrieve(sub.test_clock as string)).frozen_time + 60);
    sub = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(sub.status).toBe("past_due");
    const failed = sub.latest_invoice as Stripe.Invoice;
    expect(failed).toMatchObject({ status: "open", attempt_count: 1, next_payment_attempt: secondEnd + 3 * DAY });
    expect(await eventsOf(failed.id)).toContain("invoice.payment_failed");

    const good = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good.id } });
    await advance(3 * DAY);
    const retried = await stripe.invoices.retrieve(failed.id);
    expect(retried).toMatchObject({ status: "paid", attempt_count: 2 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");

    sub = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const thirdEnd = sub.items.data[0]!.current_period_end;
    expect(sub).toMatchObject({
      cancel_at_period_end: true,
      cancel_at: thirdEnd,
      cancellation_details: { reason: "cancellation_requested" },
    });
    await advance(thirdEnd - (await stripe.testHelpers.testClocks.retrieve(sub.test_clock as string)).frozen_time + 60);
    sub = await stripe.subscriptions.retrieve(sub.id);
    expect(sub).toMatchObject({ status: "canceled", ended_at: thirdEnd });
    expect(await eventsOf(sub.id)).toContain("customer.subscription.deleted");
  });

  it("keeps the customer's time when an invoice is paid on its hosted page: a past-due subscription whose trial ended on the clock becomes active", async () => {
    const now = Math.floor(Date.now() / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const good = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      trial_period_days: 14,
      default_payment_method: good.id,
    });
    const advanceTo = async (to: number) => {
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
      await expect.poll(async () => (await stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe("ready");
    };
    await advanceTo(sub.trial_end! + 3600);
    const failing = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
    const active = await stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const renewalAt = active.items.data[0]!.current_period_end + 3600;
    await advanceTo(renewalAt);
    const open = (await stripe.invoices.list({ customer: customer.id, status: "open" })).data[0]!;
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");

    const form = new URLSearchParams({ card_number: "4242 4242 4242 4242", card_expiry: "10 / 32", card_cvc: "123" });
    const paid = await fetch(`${new URL(open.hosted_invoice_url!).origin}/invoices/${open.id}/pay`, { method: "POST", body: form });
    expect(paid.status).toBe(200);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await stripe.invoices.retrieve(open.id)).status_transitions.paid_at).toBe(renewalAt);
  });

  it("cancels after the last dunning retry fails", async () => {
    const { customer, advance } = await clockedCustomer("pm_card_chargeCustomerFail");
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }], trial_period_days: 7 });
    await advance(7 * DAY + 60);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advance(3 * DAY);
    await advance(5 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    await advance(7 * DAY);
    expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({
      status: "canceled",
      cancellation_details: { reason: "payment_failed" },
    });
  });

  it("leaves the subscription unpaid instead when the dunning settings say so", async () => {
    const settings = (body: unknown) => fetch(`${emu.url}/_emulator/settings`, { method: "POST", body: JSON.stringify(body) });
    await settings({ dunning: { retryDays: [1], final: "unpaid" } });
    try {
      const { customer, advance } = await clockedCustomer("pm_card_chargeCustomerFail");
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }], trial_period_days: 2 });
      await advance(2 * DAY + 60);
      expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
      await advance(DAY);
      expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("unpaid");
    } finally {
      await settings({ dunning: { retryDays: [3, 5, 7], final: "canceled" } });
    }
  });

  it("ends a trial without a payment method as the trial settings say", async () => {
    const clockStart = Math.floor(Date.UTC(2027, 5, 1) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: clockStart });
    const customer = await stripe.customers.create({ test_clock: clock.id });
    const cancel = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      trial_period_days: 3,
      trial_settings: { end_behavior: { missing_payment_method: "cancel" } },
    });
    const invoiceIt = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }], trial_period_days: 3 });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: clockStart + 3 * DAY + 1 });
    expect((await stripe.subscriptions.retrieve(cancel.id)).status).toBe("canceled");
    expect((await stripe.subscriptions.retrieve(invoiceIt.id)).status).toBe("past_due");
  });
});

describe("test clocks in lists", () => {
  it("leaves customers and subscriptions on a test clock out of lists that name neither the clock nor the customer", async () => {
    const { clock, customer } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    const plain = await stripe.customers.create({
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const plainSub = await stripe.subscriptions.create({ customer: plain.id, items: [{ price: team.id }] });

    const customerIds = (await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).map((c) => c.id);
    expect(customerIds).toContain(plain.id);
    expect(customerIds).not.toContain(customer.id);
    expect((await stripe.customers.list({ test_clock: clock.id })).data.map((c) => c.id)).toEqual([customer.id]);

    const subIds = (await stripe.subscriptions.list({ status: "all", limit: 100 }).autoPagingToArray({ limit: 10_000 })).map((s) => s.id);
    expect(subIds).toContain(plainSub.id);
    expect(subIds).not.toContain(sub.id);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([sub.id]);
    expect((await stripe.subscriptions.list({ test_clock: clock.id })).data.map((s) => s.id)).toEqual([sub.id]);
  });
});

describe("plan changes", () => {
  it("prorates an upgrade by the second and the preview matches what is billed", async () => {
    const { customer, advance } = await clockedCustomer();
    let sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    expect(sub.status).toBe("active");
    await advance(10 * DAY);
    const item = sub.items.data[0]!;
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: business.id }], proration_behavior: "always_invoice" },
    });
    // Worked out by hand, not with the emulator's formula: the clock starts 2027-01-01, so the first
    // period is January (31 days) and the upgrade on the 11th leaves 21 of them. Unused Team time is
    // credited, 4900 × 21/31 = 3319.35 → −3319; Business for the rest costs 19900 × 21/31 = 13480.65 → 13481.
    expect([item.current_period_start, item.current_period_end]).toEqual([Date.UTC(2027, 0, 1) / 1000, Date.UTC(2027, 1, 1) / 1000]);
    const expected = 10162;
    expect(preview.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-3319, 13481]);
    expect(preview.total).toBe(expected);
    expect(
      preview.lines.data.every((l) => l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration),
    ).toBe(true);

    sub = await stripe.subscriptions.update(
      sub.id,
      { items: [{ id: item.id, price: business.id }], proration_behavior: "always_invoice" },
      { expand: ["latest_invoice"] } as never,
    );
    const billed = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(billed).toMatchObject({ billing_reason: "subscription_update", status: "paid", total: expected });
    expect(sub.items.data[0]!.price.id).toBe(business.id);
  });

  it("keeps prorations pending for the next renewal with create_prorations, and bills none with none", async () => {
    const { customer } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: business.id }] });
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]!.id, price: team.id }] });
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((i) => i.amount).sort((a, b) => a - b)).toEqual([-19900, 4900]);
    expect(updated.latest_invoice).toBe(sub.latest_invoice);
    const next = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(next.total).toBe(4900 - 19900 + 4900);

    const other = await clockedCustomer();
    const quiet = await stripe.subscriptions.create({ customer: other.customer.id, items: [{ price: business.id }] });
    await stripe.subscriptions.update(quiet.id, { items: [{ id: quiet.items.data[0]!.id, price: team.id }], proration_behavior: "none" });
    expect((await stripe.invoiceItems.list({ customer: other.customer.id, pending: true })).data).toHaveLength(0);
  });

  it("prorates nothing and invoices nothing for an update that changes nothing billable, as Stripe does", async () => {
    const { customer, advance } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    const item = sub.items.data[0]!.id;
    await advance(3 * DAY);
    for (const proration_behavior of ["always_invoice", "create_prorations"] as const)
      await stripe.subscriptions.update(sub.id, {
        items: [{ id: item, price: team.id, quantity: 1 }],
        proration_behavior,
        metadata: { n: "1" },
      });
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);
    expect((await stripe.invoices.list({ customer: customer.id })).data.map((i) => i.billing_reason)).toEqual(["subscription_create"]);
  });

  it("restarts the cycle and bills at once when the interval changes", async () => {
    const { customer, advance, start } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    await advance(15 * DAY);
    const updated = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]!.id, price: teamAnnual.id }] });
    expect(updated.items.data[0]).toMatchObject({ current_period_start: start + 15 * DAY });
    const invoice = await stripe.invoices.retrieve(updated.latest_invoice as string);
    expect(invoice.status).toBe("paid");
    expect(invoice.lines.data.some((l) => l.amount === 49000)).toBe(true);
    expect(invoice.lines.data.some((l) => l.amount < 0)).toBe(true);
  });

  it("reactivates a pending cancellation, and refuses to resume an active subscription", async () => {
    const { customer } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const back = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(back).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    await expect(stripe.subscriptions.resume(sub.id)).rejects.toMatchObject({ statusCode: 400 });
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
  });
});

describe("first payments", () => {
  it("leaves a default_incomplete subscription waiting until its invoice's payment is confirmed", async () => {
    const customer = await stripe.customers.create();
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      payment_behavior: "default_incomplete",
      expand: ["latest_invoice"],
    });
    expect(sub.status).toBe("incomplete");
    const secret = (sub.latest_invoice as Stripe.Invoice).confirmation_secret!.client_secret;
    await stripe.paymentIntents.confirm(secret.split("_secret_")[0]!, { payment_method: "pm_card_visa" });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await stripe.invoices.retrieve((sub.latest_invoice as Stripe.Invoice).id)).status).toBe("paid");
  });

  it("creates nothing when error_if_incomplete meets a declined card", async () => {
    const customer = await stripe.customers.create({ payment_method: "pm_card_chargeCustomerFail", invoice_settings: {} });
    const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const err = await stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: team.id }],
        default_payment_method: pm.id,
        payment_behavior: "error_if_incomplete",
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(0);
  });

  it("applies a promotion code's coupon to the invoices it covers", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: "once" });
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: `HALF${Date.now()}` });
    const { customer, advance } = await clockedCustomer();
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      discounts: [{ promotion_code: promo.id }],
    });
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ subtotal: 4900, total: 2450, amount_paid: 2450 });
    const expanded = await stripe.subscriptions.retrieve(sub.id, { expand: ["discounts.source.coupon"] });
    const discount = expanded.discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({
      object: "discount",
      promotion_code: promo.id,
      source: { type: "coupon", coupon: { id: coupon.id, percent_off: 50, duration: "once" } },
    });
    await advance(32 * DAY);
    const second = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(second.total).toBe(4900);
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
  });
});

describe("invoices", () => {
  it("moves draft → open → paid, serves its hosted page and a real PDF, and refuses to pay a void invoice", async () => {
    const customer = await stripe.customers.create({
      email: "inv@example.test",
      name: "Zoë's Café",
      address: { line1: "1 Rue de la Paix", postal_code: "75002", city: "Paris", country: "FR" },
      payment_method: "pm_card_visa",
    });
    const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const draft = await stripe.invoices.create({ customer: customer.id, default_payment_method: pm.id });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      amount: 1234,
      currency: "usd",
      description: "1 × Setup — once",
    });
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open).toMatchObject({ status: "open", amount_due: 1234 });
    expect(open.number).toMatch(/-0001$/);
    const paid = await stripe.invoices.pay(open.id);
    expect(paid.status).toBe("paid");
    const pdf = await fetch(paid.invoice_pdf!);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // Drawn in Helvetica's WinAnsiEncoding, so ×, — and accented names print as themselves, and it is billed to the
    // customer's name and address rather than an id.
    const text = Buffer.from(await (await fetch(paid.invoice_pdf!)).arrayBuffer()).toString("latin1");
    expect(text).toContain("/Encoding /WinAnsiEncoding");
    expect(text).toContain("(1 \xd7 Setup \x97 once   $12.34) Tj");
    expect(text).toContain("(Zo\xeb's Caf\xe9) Tj");
    expect(text).toContain("(1 Rue de la Paix) Tj");
    expect(text).toContain("(75002 Paris, FR) Tj");
    expect(text).not.toContain(customer.id);
    expect(await (await fetch(paid.hosted_invoice_url!)).text()).toContain(paid.number!);

    const other = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: other.id, amount: 500, currency: "usd" });
    await stripe.invoices.finalizeInvoice(other.id);
    await stripe.invoices.voidInvoice(other.id);
    await expect(stripe.invoices.pay(other.id)).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("real time", () => {
  it("ends a trial on the real clock once real time reaches it", async () => {
    const customer = await stripe.customers.create({ payment_method: "pm_card_visa" });
    const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.id }],
      default_payment_method: pm.id,
      trial_end: Math.floor(Date.now() / 1000) + 2,
    });
    expect(sub.status).toBe("trialing");
    await expect
      .poll(
        async () => {
          await emu.emulator.runDueWork();
          return (await stripe.subscriptions.retrieve(sub.id)).status;
        },
        { timeout: 10_000, interval: 250 },
      )
      .toBe("active");
  });
});
