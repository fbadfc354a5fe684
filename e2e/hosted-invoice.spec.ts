import { expect, test, type Page } from "@playwright/test";
import { emulatorStripe } from "./support/stripe";

// The emulator's hosted invoice page: what a customer opens from an invoice email.
const stripe = emulatorStripe();

async function openInvoice(amount: number) {
  const customer = await stripe.customers.create({ email: "payer@example.test" });
  const draft = await stripe.invoices.create({ customer: customer.id });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount, currency: "usd", description: "Consulting" });
  return stripe.invoices.finalizeInvoice(draft.id);
}

async function pay(page: Page, card: string) {
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiration").fill("10 / 32");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay \$/ }).click();
}

test("an open invoice is paid on its hosted page after a decline, and its PDF downloads", async ({ page }) => {
  const invoice = await openInvoice(2500);
  await page.goto(invoice.hosted_invoice_url!);
  await expect(page.getByRole("heading", { name: `Invoice ${invoice.number}` })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("invoice-open.png"), fullPage: true });
  await pay(page, "4000 0000 0000 0002");
  await expect(page.getByText("Your card was declined.")).toBeVisible();
  expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("open");
  await pay(page, "4242 4242 4242 4242");
  await expect(page.getByText("paid", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);
  expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: "paid", amount_paid: 2500 });
  const pdf = await page.request.get(invoice.invoice_pdf!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
});

test("a card that asks for 3-D Secure pays the invoice once the challenge is completed", async ({ page }) => {
  const invoice = await openInvoice(4000);
  await page.goto(invoice.hosted_invoice_url!);
  await pay(page, "4000 0000 0000 3220");
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByText("paid", { exact: true })).toBeVisible();
  expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("paid");
});
