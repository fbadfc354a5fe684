import { expect, test, type Page } from "@playwright/test";
import { serveElementsPage } from "./elements-page/serve";
import { stripeEmulatorUrl } from "./support/env";
import { emulatorStripe } from "./support/stripe";

// A contract test of the emulator, not of the app: the local Stripe.js stand-in driven through
// @stripe/react-stripe-js on a bare page (e2e/elements-page/), so a break in the stand-in shows here
// by itself. The app's own top-up form, on the same stand-in, is the credits journey in billing-page.spec.ts.
const stripe = emulatorStripe();
let page_: Awaited<ReturnType<typeof serveElementsPage>>;
test.beforeAll(async () => {
  page_ = await serveElementsPage(stripe, stripeEmulatorUrl());
});
test.afterAll(async () => page_.close());

async function openAndType(page: Page, card: string): Promise<string> {
  const response = await page.goto(page_.url);
  const intentId = response!.headers()["x-payment-intent"]!;
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await expect(page.getByTestId("complete")).toHaveText("card incomplete");
  await frame.getByLabel("Card number").fill(card);
  await frame.getByLabel("Expiration date").fill("12 / 34");
  await frame.getByLabel("Security code").fill("123");
  await expect(page.getByTestId("complete")).toHaveText("card complete");
  return intentId;
}

async function eventTypes(intentId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 50 });
  return events.data.filter((e) => (e.data.object as { id?: string }).id === intentId).map((e) => e.type);
}

test("pays with 4242 and the emulator delivers payment_intent.succeeded", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  const intentId = await openAndType(page, "4242 4242 4242 4242");
  await page.screenshot({ path: test.info().outputPath("element-complete.png") });
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Payment succeeded");
  expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe("succeeded");
  await expect.poll(() => eventTypes(intentId)).toContain("payment_intent.succeeded");
  const succeeded = (await stripe.events.list({ type: "payment_intent.succeeded", limit: 20 })).data.find(
    (e) => (e.data.object as { id: string }).id === intentId,
  )!;
  await expect
    .poll(async () => {
      const log = await (await fetch(`${stripeEmulatorUrl()}/_emulator/deliveries?event=${succeeded.id}`)).json();
      return log.data[0]?.attempts.length ?? 0;
    })
    .toBeGreaterThan(0);
  // @stripe/stripe-js warns when the Stripe.js it finds is not the release it expects; the stand-in reports that release.
  expect(warnings.filter((w) => w.includes("was loaded on the page"))).toEqual([]);
});

test("shows the decline inline for 4000000000000002 and charges nothing", async ({ page }) => {
  const intentId = await openAndType(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card was declined.");
  await page.screenshot({ path: test.info().outputPath("element-declined.png") });
  const intent = await stripe.paymentIntents.retrieve(intentId);
  expect(intent).toMatchObject({ status: "requires_payment_method", amount_received: 0 });
});

test("shows insufficient funds for 4000000000009995", async ({ page }) => {
  await openAndType(page, "4000 0000 0000 9995");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card has insufficient funds.");
});

test("4000002500003155 asks for 3-D Secure: completing pays, failing leaves it to pay again", async ({ page }) => {
  const paid = await openAndType(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  const challenge = page.frameLocator('iframe[title="3D Secure challenge"]');
  await expect(challenge.getByRole("heading", { name: "Authenticate this payment" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("element-3ds.png") });
  await challenge.getByRole("button", { name: "Complete" }).click();
  await expect(page.getByRole("status")).toHaveText("Payment succeeded");
  expect((await stripe.paymentIntents.retrieve(paid)).status).toBe("succeeded");

  const failed = await openAndType(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await page.frameLocator('iframe[title="3D Secure challenge"]').getByRole("button", { name: "Fail" }).click();
  await expect(page.getByRole("status")).toContainText("unable to authenticate");
  expect((await stripe.paymentIntents.retrieve(failed)).status).toBe("requires_payment_method");
});

test("an incomplete card is refused by elements.submit before anything is sent", async ({ page }) => {
  const response = await page.goto(page_.url);
  const intentId = response!.headers()["x-payment-intent"]!;
  await page.frameLocator('iframe[title="Secure payment input frame"]').getByLabel("Card number").fill("4242 4242");
  await page.getByRole("button", { name: "Pay $10.00" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card number is incomplete.");
  await page.screenshot({ path: test.info().outputPath("element-incomplete.png") });
  expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe("requires_payment_method");
});
