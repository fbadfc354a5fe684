import { expect, test } from "@playwright/test";
import { signInWithForm } from "./support/auth";
import { createOrg, reloadUntilBadge, subscribeThroughStripe } from "./support/billing";
import { stripeEmulatorUrl } from "./support/env";

// Stripe accepting connections but never answering, as an admin meets it in the browser. This file runs on its own
// after every other journey (its own Playwright project), since the fault and the app's breaker are the whole stack's.

const NOT_ANSWERING = "The payment system is not answering; please try again shortly.";

async function setFaults(faults: Record<string, unknown>) {
  const res = await fetch(`${stripeEmulatorUrl()}/_emulator/faults`, { method: "POST", body: JSON.stringify(faults) });
  expect(res.ok).toBe(true);
}
const heldByStripe = async () => ((await (await fetch(`${stripeEmulatorUrl()}/_emulator/hang`)).json()) as { total: number }).total;

test.afterEach(() => setFaults({}));

test("with Stripe hanging, the billing page still renders, payment actions say so within seconds, and work again once Stripe answers", async ({
  page,
}) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "stripe-down");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");

  await setFaults({ hang: true });
  await page.reload();
  await expect(page.getByTestId("plan-name")).toContainText("Team");
  await expect(page.getByTestId("meter-projects")).toContainText("/ 25");

  // The first action waits out the interactive budget (a few seconds), not the SDK's 80 s times three.
  await page.getByRole("button", { name: "Manage in portal" }).click();
  await expect(page.getByTestId("current-plan").getByText(NOT_ANSWERING)).toBeVisible({ timeout: 15_000 });
  expect(page.url()).toContain(`/${org.slug}/billing`);
  // The next invoice, read from Stripe by the browser, says it can't be shown; the rest of the page is there.
  await expect(page.getByTestId("overage").getByText(`The next invoice can't be shown right now: ${NOT_ANSWERING}`)).toBeVisible();

  // The breaker is open now: the proration preview fails at once, without asking Stripe.
  const held = await heldByStripe();
  await page.getByTestId("plan-business").getByRole("button", { name: "Switch to Business" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(NOT_ANSWERING)).toBeVisible({ timeout: 3_000 });
  expect(await heldByStripe()).toBe(held);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Stripe answers again: after the breaker's cooldown the next try goes through to the portal.
  await setFaults({});
  await expect(async () => {
    await page.getByRole("button", { name: "Manage in portal" }).click();
    await expect(page).toHaveURL(/\/portal\//, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});
