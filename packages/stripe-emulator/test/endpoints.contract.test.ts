import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

// Endpoints of the pinned API an integration reaches for beyond Tollgate's own paths, through the official SDK.
let emu: TestEmulator;
let stripe: Stripe;
let monthly: Stripe.Price;
let seats: Stripe.Price;
beforeAll(async () => {
  emu = await startTestEmulator();
  stripe = emu.stripe;
  monthly = await stripe.prices.create({
    product_data: { name: "Team" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  seats = await stripe.prices.create({
    product_data: { name: "Seats" },
    currency: "usd",
    unit_amount: 500,
    recurring: { interval: "month" },
  });
}, 60_000);
afterAll(() => emu.close());

async function subscribed(email: string, extra: Partial<Stripe.SubscriptionCreateParams> = {}) {
  const customer = await stripe.customers.create({ email, metadata: { orgId: email } });
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    default_payment_method: card.id,
    metadata: { orgId: email },
    ...extra,
  });
  return { customer, sub };
}

/** A draft invoice of one item that the customer pays themselves (collection_method=send_invoice). */
async function draftToSend(email: string, amount: number) {
  const customer = await stripe.customers.create({ email });
  await stripe.invoiceItems.create({ customer: customer.id, amount, currency: "usd" });
  return stripe.invoices.create({
    customer: customer.id,
    collection_method: "send_invoice",
    days_until_due: 7,
    pending_invoice_items_behavior: "include",
  });
}

describe("search", () => {
  it("finds subscriptions, invoices, payment intents, charges, prices and products by the query language", async () => {
    const { customer, sub } = await subscribed(`search-${Date.now()}@example.test`);
    const bySub = await stripe.subscriptions.search({ query: `metadata['orgId']:'${customer.email}' AND status:'active'` });
    expect(bySub).toMatchObject({ object: "search_result", data: [{ id: sub.id }], has_more: false, next_page: null });
    expect((await stripe.subscriptions.search({ query: `-status:'active' AND customer:'${customer.id}'` })).data).toEqual([]);
    const invoices = await stripe.invoices.search({ query: `customer:'${customer.id}' AND total>4000` });
    expect(invoices.data.map((i) => i.parent?.subscription_details?.subscription)).toEqual([sub.id]);
    const intents = await stripe.paymentIntents.search({ query: `customer:'${customer.id}' AND status:'succeeded'` });
    expect(intents.data).toHaveLength(1);
    expect((await stripe.charges.search({ query: `customer:'${customer.id}'` })).data).toHaveLength(1);
    expect((await stripe.prices.search({ query: `product:'${monthly.product}'` })).data.map((p) => p.id)).toEqual([monthly.id]);
    expect((await stripe.products.search({ query: "name~'seat'" })).data.map((p) => p.id)).toContain(seats.product);
    await expect(stripe.subscriptions.search({ query: "status:'active' AND x:'1' OR y:'2'" })).rejects.toMatchObject({ param: "query" });
  });

  it("pages through results with next_page", async () => {
    for (let i = 0; i < 3; i++) await stripe.products.create({ name: `Paged ${i}`, metadata: { batch: "paged" } });
    const first = await stripe.products.search({ query: "metadata['batch']:'paged'", limit: 2 });
    expect(first).toMatchObject({ has_more: true, next_page: expect.any(String) });
    const second = await stripe.products.search({ query: "metadata['batch']:'paged'", limit: 2, page: first.next_page! });
    expect(second).toMatchObject({ has_more: false, data: [expect.anything()] });
    expect(new Set([...first.data, ...second.data].map((p) => p.id)).size).toBe(3);
  });
});

describe("subscription items and discounts", () => {
  it("adds and removes an item, with the subscription following; the last one cannot be removed", async () => {
    const { sub } = await subscribed(`items-${Date.now()}@example.test`);
    const added = await stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id, quantity: 3, proration_behavior: "none" });
    expect(added).toMatchObject({ object: "subscription_item", price: { id: seats.id }, quantity: 3, subscription: sub.id });
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data.map((i) => i.price.id)).toEqual([monthly.id, seats.id]);
    expect(await stripe.subscriptionItems.del(added.id, { proration_behavior: "none" })).toMatchObject({ id: added.id, deleted: true });
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data.map((i) => i.price.id)).toEqual([monthly.id]);
    await expect(stripe.subscriptionItems.del(sub.items.data[0]!.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("deletes a subscription's discount", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: "forever" });
    const { sub } = await subscribed(`discount-${Date.now()}@example.test`, { discounts: [{ coupon: coupon.id }] });
    expect(sub.discounts).toHaveLength(1);
    const deleted = await stripe.subscriptions.deleteDiscount(sub.id);
    expect(deleted).toMatchObject({ object: "discount", deleted: true, source: { coupon: coupon.id }, subscription: sub.id });
    expect((await stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
    await expect(stripe.subscriptions.deleteDiscount(sub.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("payments", () => {
  it("authorises with capture_method=manual and captures later, partly; a captured intent cannot be captured again", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(pi).toMatchObject({ status: "requires_capture", amount_capturable: 2000, amount_received: 0 });
    const held = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(held).toMatchObject({ captured: false, amount_captured: 0 });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1500 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 1500, amount_capturable: 0 });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      captured: true,
      amount_captured: 1500,
      amount_refunded: 500,
    });
    await expect(stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
  });

  it("lists a charge's refunds when asked to include them, and refuses to cancel a refund that already succeeded", async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 400 });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ["refunds"] });
    expect(charge.refunds).toMatchObject({ object: "list", data: [{ id: refund.id, amount: 400 }] });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).refunds).toBeUndefined();
    await expect(stripe.refunds.cancel(refund.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("succeeded"),
    });
  });

  it("confirms a confirmation_method=manual intent only from the server, again after 3-D Secure", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      confirmation_method: "manual",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "http://127.0.0.1/back",
    });
    expect(pi).toMatchObject({ status: "requires_action", confirmation_method: "manual" });
    const fromBrowser = await fetch(`${emu.url}/v1/payment_intents/${pi.id}/confirm`, {
      method: "POST",
      headers: { authorization: "Bearer pk_test_manual", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_secret: pi.client_secret! }),
    });
    expect(fromBrowser.status).toBe(400);
    expect(((await fromBrowser.json()) as { error: { message: string } }).error.message).toContain("confirmation_method=manual");
    const authenticated = await fetch(`${emu.url}/_emulator/payment_intents/${pi.id}/authenticate`, {
      method: "POST",
      body: JSON.stringify({ outcome: "complete" }),
    });
    expect(authenticated.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_confirmation");
    expect(await stripe.paymentIntents.confirm(pi.id)).toMatchObject({ status: "succeeded", amount_received: 1200 });
  });

  it("knows every magic card's token, refuses an unknown token, and records why a SetupIntent was canceled", async () => {
    const failing = await stripe.paymentMethods.create({ type: "card", card: { token: "tok_chargeCustomerFail" } });
    expect(failing.card?.last4).toBe("0341");
    await expect(stripe.paymentMethods.create({ type: "card", card: { token: "tok_nothing" } })).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      param: "card[token]",
    });
    const si = await stripe.setupIntents.create({ description: "cancel me" });
    expect(await stripe.setupIntents.cancel(si.id, { cancellation_reason: "requested_by_customer" })).toMatchObject({
      status: "canceled",
      cancellation_reason: "requested_by_customer",
    });
  });

  it("refuses raw card numbers from a secret key (only Stripe.js sends them)", async () => {
    await expect(
      stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2031, cvc: "123" } }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("Sending credit card numbers directly") });
  });
});

describe("invoices and the customer balance", () => {
  it("includes an invoice's payments when asked, on the invoice and on a subscription's latest invoice", async () => {
    const { sub } = await subscribed(`payments-${Date.now()}@example.test`);
    const withLatest = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice.payments"] });
    const invoice = withLatest.latest_invoice as Stripe.Invoice;
    expect(invoice.payments).toMatchObject({ object: "list", data: [{ object: "invoice_payment", invoice: invoice.id, status: "paid" }] });
    expect((await stripe.invoices.retrieve(invoice.id, { expand: ["payments"] })).payments?.data).toHaveLength(1);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id })).data).toHaveLength(1);
  });

  it("sends an invoice the customer pays themselves, and refuses one charged automatically", async () => {
    const draft = await draftToSend(`send-${Date.now()}@example.test`, 2500);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(await stripe.invoices.sendInvoice(open.id)).toMatchObject({ id: open.id, status: "open" });
    expect((await stripe.events.list({ type: "invoice.sent" })).data.map((e) => (e.data.object as Stripe.Invoice).id)).toContain(open.id);
    const { sub } = await subscribed(`auto-${Date.now()}@example.test`);
    await expect(stripe.invoices.sendInvoice(sub.latest_invoice as string)).rejects.toMatchObject({ statusCode: 400 });
  });

  it("finalizes a draft it is asked to send, as the CLI's invoice.sent fixture expects, and refuses a void one", async () => {
    const draft = await draftToSend(`send-draft-${Date.now()}@example.test`, 2000);
    const sent = await stripe.invoices.sendInvoice(draft.id);
    expect(sent).toMatchObject({ id: draft.id, status: "open", amount_due: 2000 });
    const types = (await stripe.events.list({ limit: 100 })).data
      .filter((e) => (e.data.object as { id?: string }).id === draft.id)
      .map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["invoice.finalized", "invoice.sent"]));
    await stripe.invoices.voidInvoice(draft.id);
    await expect(stripe.invoices.sendInvoice(draft.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("void"),
    });
  });

  it("records every change of the customer balance as a transaction, adjustments and credit an invoice used", async () => {
    const customer = await stripe.customers.create({ email: `balance-${Date.now()}@example.test` });
    const credit = await stripe.customers.createBalanceTransaction(customer.id, {
      amount: -1500,
      currency: "usd",
      description: "Goodwill",
    });
    expect(credit).toMatchObject({ object: "customer_balance_transaction", amount: -1500, ending_balance: -1500, type: "adjustment" });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ balance: -1500 });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: "usd" });
    const draft = await stripe.invoices.create({
      customer: customer.id,
      collection_method: "send_invoice",
      days_until_due: 7,
      pending_invoice_items_behavior: "include",
    });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    const txns = await stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data.map((t) => [t.type, t.amount, t.ending_balance, t.invoice])).toEqual(
      expect.arrayContaining([
        ["adjustment", -1500, -1500, null],
        ["applied_to_invoice", 1000, -500, invoice.id],
      ]),
    );
    expect(await stripe.customers.retrieveBalanceTransaction(customer.id, credit.id)).toMatchObject({ id: credit.id });
  });
});
