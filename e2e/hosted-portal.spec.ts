import { expect, test } from "@playwright/test";
import { emulatorStripe } from "./support/stripe";

// The emulator's hosted Customer Portal, used as a subscriber uses Stripe's.
const stripe = emulatorStripe();

test("a subscriber cancels at period end, undoes it, switches plan and replaces the card", async ({ page, baseURL }) => {
  const team = await stripe.prices.create({
    product_data: { name: "Team" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  const business = await stripe.prices.create({
    product_data: { name: "Business" },
    currency: "usd",
    unit_amount: 19900,
    recurring: { interval: "month" },
  });
  const customer = await stripe.customers.create({ email: "subscriber@example.test", payment_method: "pm_card_visa" });
  const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
  const configuration = await stripe.billingPortal.configurations.create({
    features: {
      subscription_cancel: {
        enabled: true,
        mode: "at_period_end",
        cancellation_reason: { enabled: true, options: ["too_expensive", "unused", "other"] },
      },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ["price"],
        proration_behavior: "always_invoice",
        products: [
          { product: team.product as string, prices: [team.id] },
          { product: business.product as string, prices: [business.id] },
        ],
      },
      payment_method_update: { enabled: true },
      invoice_history: { enabled: true },
    },
  });
  const portal = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    configuration: configuration.id,
    return_url: `${baseURL}/`,
  });

  await page.goto(portal.url);
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(page.getByText("Your plan renews on")).toBeVisible();
  await expect(page.getByText("VISA •••• 4242")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("portal.png"), fullPage: true });

  await page.getByRole("link", { name: "Cancel plan" }).click();
  await page.getByLabel("Why are you canceling?").selectOption("too_expensive");
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await expect(page.getByText("Your plan will be canceled on")).toBeVisible();
  expect(await stripe.subscriptions.retrieve(sub.id)).toMatchObject({
    cancel_at_period_end: true,
    cancellation_details: { feedback: "too_expensive" },
  });

  await page.getByRole("button", { name: "Renew plan" }).click();
  await expect(page.getByText("Your plan renews on")).toBeVisible();
  expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

  await page.getByRole("link", { name: "Update plan" }).click();
  await page.getByRole("link", { name: "Select Business" }).click();
  await expect(page.getByRole("heading", { name: "Confirm your new plan" })).toBeVisible();
  await expect(page.getByText("Due today")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("portal-proration.png"), fullPage: true });
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("You are now on Business.")).toBeVisible();
  expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]!.price.id).toBe(business.id);

  await page.getByRole("link", { name: "Update payment method" }).click();
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByLabel("Expiration").fill("11 / 33");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByText("Your card was declined.")).toBeVisible();
  await page.getByLabel("Card number").fill("5555 5555 5555 4444");
  await page.getByLabel("Expiration").fill("11 / 33");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByText("MASTERCARD •••• 4444")).toBeVisible();
  await expect(page.getByRole("link", { name: "PDF" }).first()).toBeVisible();

  await page.getByRole("link", { name: "← Return to Tollgate" }).click();
  await expect(page).toHaveURL(`${baseURL}/`);
});
