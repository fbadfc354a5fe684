import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousViolations } from "./support/accessibility";
import { signInWithForm } from "./support/auth";
import { createOrg, renewalFailed, subscribeThroughStripe } from "./support/billing";

// axe (WCAG 2.1 A and AA) on every page of the app the journeys visit, in the states they see, and the
// plan dialog used from the keyboard alone. Hosted Checkout, the portal and invoice pages belong to Stripe.

async function visit(page: Page, path: string, ready: (page: Page) => Promise<void>) {
  await page.goto(path);
  await ready(page);
  await expectNoSeriousViolations(page, path);
}
const heading = (name: string | RegExp) => (page: Page) => expect(page.getByRole("heading", { name }).first()).toBeVisible();

test("signed-out pages", async ({ page }) => {
  await visit(page, "/", heading(/Tollgate|Billing/));
  await visit(page, "/pricing", (p) => expect(p.getByTestId("pricing-team")).toBeVisible());
  await visit(page, "/signin", (p) => expect(p.getByRole("button", { name: "Sign in", exact: true })).toBeVisible());
  await visit(page, "/signup", (p) => expect(p.getByRole("button", { name: "Create account" })).toBeVisible());
  await visit(page, "/forgot-password", (p) => expect(p.getByRole("button")).not.toHaveCount(0));
  await visit(page, "/signin/check-email", heading(/email/i));
  await visit(page, "/reset-password?token=not-a-token", (p) => expect(p.locator("main")).toBeVisible());
  await visit(page, "/verify-email?token=not-a-token", (p) => expect(p.locator("main")).toBeVisible());
  await visit(page, "/invite/not-a-token", (p) => expect(p.locator("main")).toBeVisible());
});

test("an admin's pages on a paid plan, and the top-up form with its card field", async ({ page }) => {
  await signInWithForm(page, "owner@acme.test");
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  const { projects } = await (await page.request.get("/api/v1/orgs/acme/projects")).json();
  await visit(page, "/orgs", (p) => expect(p.getByRole("link", { name: /Acme/ }).first()).toBeVisible());
  await visit(page, "/orgs/new", (p) => expect(p.getByLabel("Organization name")).toBeVisible());
  await visit(page, "/acme/projects", (p) => expect(p.getByLabel("New project")).toBeVisible());
  await visit(page, `/acme/projects/${projects[0].id}`, (p) => expect(p.getByRole("button", { name: "Run", exact: true })).toBeVisible());
  await visit(page, "/acme/runs", (p) => expect(p.locator("main")).toBeVisible());
  await visit(page, "/acme/members", (p) => expect(p.getByTestId("members-list")).toBeVisible());
  await visit(page, "/pricing?org=acme", (p) => expect(p.getByTestId("pricing-for")).toBeVisible());
  await visit(page, "/acme/billing", (p) => expect(p.getByTestId("plan-name")).toContainText("Team"));

  await page.getByRole("radio", { name: /1,000 credits/ }).click();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.frameLocator('iframe[title="Secure payment input frame"]').getByLabel("Card number")).toBeVisible();
  await expectNoSeriousViolations(page, "/acme/billing with the payment form open");
});

test("billing on Free and past due", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  await visit(page, "/globex/billing", (p) => expect(p.getByTestId("plan-name")).toHaveText("Free"));
  const org = await createOrg(page, "a11y-past-due");
  await renewalFailed(org.id, 1);
  await visit(page, `/${org.slug}/billing`, async (p) => {
    await expect(async () => {
      await p.reload();
      await expect(p.getByTestId("current-plan").getByText("Past due")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
  });
});

test("the plan dialog works from the keyboard: focus moves in and stays, Escape keeps the plan and returns focus", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "a11y-dialog");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("current-plan").getByText("Active")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  const trigger = page.getByTestId("plan-business").getByRole("button", { name: "Switch to Business" });
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Switch to Business (monthly)" });
  await expect(dialog.getByTestId("proration-preview")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep current plan" })).toBeFocused();
  await expectNoSeriousViolations(page, "the plan dialog", "dialog");

  // The page behind is inert: Tab walks the dialog's buttons (and out to the browser), never onto the page.
  const focusedOutside = () => dialog.evaluate((d) => document.activeElement !== document.body && !d.contains(document.activeElement));
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    expect(await focusedOutside()).toBe(false);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  await expect(page.getByTestId("plan-name")).toContainText("Team");
});
