import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe("invoice payments", () => {
  it("name the PaymentIntent that paid an invoice, found from either side", async () => {
    const customer = await emu.stripe.customers.create({
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const price = await emu.stripe.prices.create({
      product_data: { name: "Paid" },
      currency: "usd",
      unit_amount: 2500,
      recurring: { interval: "month" },
    });
    const sub = await emu.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const invoice = sub.latest_invoice as string;
    const [byInvoice] = (await emu.stripe.invoicePayments.list({ invoice })).data;
    expect(byInvoice).toMatchObject({
      object: "invoice_payment",
      invoice,
      status: "paid",
      amount_paid: 2500,
      payment: { type: "payment_intent" },
    });
    const intent = byInvoice!.payment.payment_intent as string;
    expect((await emu.stripe.paymentIntents.retrieve(intent)).status).toBe("succeeded");
    const byIntent = await emu.stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: intent } });
    expect(byIntent.data.map((p) => p.invoice)).toEqual([invoice]);
    expect((await emu.stripe.invoicePayments.retrieve(byInvoice!.id)).invoice).toBe(invoice);
    expect((await emu.stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: "pi_unknown" } })).data).toEqual([]);
  });
});
