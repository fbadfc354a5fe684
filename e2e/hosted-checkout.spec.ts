import { expect, test } from "@playwright/test";
import type Stripe from "stripe";
import { emulatorStripe, fillCard } from "./support/stripe";

// The emulator's hosted Checkout page, used as a buyer uses Stripe's.
const stripe = emulatorStripe();

test("a subscription with a trial and a promotion code lands on success_url with the session id", async ({ page, baseURL }) => {
  const price = await stripe.prices.create({
    product_data: { name: "Team plan" },
    currency: "usd",
    unit_amount: 4900,
    recurring: { interval: "month" },
  });
  const coupon = await stripe.coupons.create({ percent_off: 20, duration: "forever" });
  const code = `TEAM20${Date.now()}`;
  await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    allow_promotion_codes: true,
    success_url: `${baseURL}/?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${baseURL}/`,
    subscription_data: { trial_period_days: 14, metadata: { planCode: "team" } },
  });

  await page.goto(session.url!);
  await expect(page.getByText("14 days free")).toBeVisible();
  await expect(page.getByText("Then $49.00/month")).toBeVisible();
  await page.getByLabel("Email").fill("buyer@example.test");
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByLabel("Promotion code").fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(`${code} applied`)).toBeVisible();
  await expect(page.getByText("Then $39.20/month")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("checkout-subscription.png"), fullPage: true });
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Start trial" }).click();

  await expect(page).toHaveURL(new RegExp(`session_id=${session.id}$`));
  const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
  expect(completed.status).toBe("complete");
  const sub = completed.subscription as Stripe.Subscription;
  expect(sub).toMatchObject({ status: "trialing", metadata: { planCode: "team" } });
  expect(sub.discounts).toHaveLength(1);
});

test("a declined card shows Stripe's message inline and leaves the session open", async ({ page, baseURL }) => {
  const price = await stripe.prices.create({ product_data: { name: "1,000 credits" }, currency: "usd", unit_amount: 1000 });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: price.id }],
    success_url: `${baseURL}/?paid={CHECKOUT_SESSION_ID}`,
  });
  await page.goto(session.url!);
  await page.getByLabel("Email").fill("buyer@example.test");
  await fillCard(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByText("Your card was declined.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("checkout-declined.png"), fullPage: true });
  expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

  await fillCard(page, "4000 0000 0000 9995");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByText("Your card has insufficient funds.")).toBeVisible();
});

test("3-D Secure: failing the challenge keeps the buyer on Checkout, completing it pays", async ({ page, baseURL }) => {
  const price = await stripe.prices.create({ product_data: { name: "5,000 credits" }, currency: "usd", unit_amount: 4500 });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: price.id }],
    success_url: `${baseURL}/?paid={CHECKOUT_SESSION_ID}`,
  });
  await page.goto(session.url!);
  await page.getByLabel("Email").fill("buyer@example.test");
  await fillCard(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("heading", { name: "Authenticate this payment" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("checkout-3ds.png"), fullPage: true });
  await page.getByRole("button", { name: "Fail" }).click();
  await expect(page.getByText("We are unable to authenticate your payment method.")).toBeVisible();

  await page.getByLabel("Email").fill("buyer@example.test");
  await fillCard(page, "4000 0000 0000 3220");
  await page.getByRole("button", { name: "Pay" }).click();
  await page.getByRole("button", { name: "Complete" }).click();
  await expect(page).toHaveURL(new RegExp(`paid=${session.id}$`));
  expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "complete", payment_status: "paid" });
});

test("an expired session shows that the page is no longer available", async ({ page, baseURL }) => {
  const price = await stripe.prices.create({ product_data: { name: "Expiring" }, currency: "usd", unit_amount: 1000 });
  const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: price.id }], success_url: `${baseURL}/` });
  await stripe.checkout.sessions.expire(session.id);
  await page.goto(session.url!);
  await expect(page.getByRole("heading", { name: "This page is no longer available" })).toBeVisible();
});
