import { expect, test } from "@playwright/test";
import { signInWithForm, uniqueEmail } from "./support/auth";
import { fillCard } from "./support/stripe";
import { TRIAL_CARD } from "./support/trial-cards";

// A new visitor picks a plan on /pricing and the choice carries through sign-up and org creation into Checkout.

test("a visitor compares plans, starts a Team trial, signs up, creates an org and lands on its trial", async ({ page }) => {
  const orgName = `Vandelay ${Date.now().toString(36)}`;

  await test.step("compare plans, monthly and annual", async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "See pricing" }).click();
    await expect(page.getByRole("heading", { name: "Plans that grow with your team" })).toBeVisible();
    const team = page.getByTestId("pricing-team");
    await expect(team.getByTestId("price")).toHaveText("$12.00/seat/month");
    await expect(team.getByTestId("saving")).toHaveText("14-day free trial");
    await page.getByRole("button", { name: /^Annual — save up to 17%/ }).click();
    await expect(team.getByTestId("price")).toHaveText("$120.00/seat/year");
    await expect(team.getByTestId("saving")).toHaveText("$10.00/seat/month billed yearly · save $24.00 per seat");
    await expect(page.getByTestId("pricing-business").getByTestId("saving")).toContainText("save $58.00 per seat");
    await expect(page.getByTestId("pricing-enterprise").getByRole("link", { name: "Contact sales" })).toHaveAttribute("href", /^mailto:/);
    const comparison = page.getByTestId("plan-comparison");
    await expect(comparison.getByRole("row", { name: /^Projects/ }).getByRole("cell")).toHaveText(["3", "25", "Unlimited", "Unlimited"]);
    await expect(comparison.getByRole("row", { name: /Single sign-on/ }).getByLabel("Included", { exact: true })).toHaveCount(1);
    // Free's two seats are the owner and one invited teammate, so Free can invite.
    await expect(comparison.getByRole("row", { name: /^Seats/ }).getByRole("cell")).toHaveText(["2", "10", "50", "Unlimited"]);
    await expect(comparison.getByRole("row", { name: /^Invite teammates/ }).getByLabel("Included", { exact: true })).toHaveCount(4);
    await expect(page.getByTestId("credits-rule")).toHaveText(
      "Credits can be bought on a paid plan, from the first day of its trial. Each run beyond the plan's allowance costs 10 credits.",
    );
    await page.screenshot({ path: test.info().outputPath("pricing-annual.png"), fullPage: true });
    await team.getByRole("link", { name: "Start free trial" }).click();
  });

  await test.step("sign up with the plan carried along", async () => {
    await expect(page).toHaveURL(/\/signup\?plan=team&interval=year$/);
    await expect(page.getByText("You picked Team, billed yearly.")).toBeVisible();
    await page.getByLabel("Your name").fill("Art Vandelay");
    await page.getByLabel("Work email").fill(uniqueEmail("art"));
    await page.getByLabel("Password").fill("importer exporter latex");
    await page.getByRole("button", { name: "Create account" }).click();
  });

  await test.step("create the organization and go on to Checkout", async () => {
    await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();
    await expect(page.getByText("Then you'll start your Team trial in Stripe Checkout.")).toBeVisible();
    await page.getByLabel("Organization name").fill(orgName);
    await page.getByRole("button", { name: "Create organization and continue" }).click();
    await expect(page.getByText("14 days free")).toBeVisible();
    await fillCard(page, TRIAL_CARD.pricingJourney);
    const returned = page.waitForURL(/\/vandelay-[a-z0-9-]+\/billing\?checkout=success/);
    await page.getByRole("button", { name: "Start trial" }).click();
    await returned;
  });

  await test.step("the billing page shows the trial and the usage meters", async () => {
    await expect(page.getByTestId("current-plan").getByText("Trial — 14 days left")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("plan-name")).toContainText("Team$120.00/year");
    // The plan picker has caught up with the subscription Checkout made: annual, Team current.
    await expect(page.getByRole("button", { name: /^Annual/ })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("plan-team")).toContainText("Current plan");
    await expect(page.getByTestId("meter-projects")).toContainText("0 / 25");
    await expect(page.getByTestId("meter-seats")).toContainText("1 / 10");
    await expect(page.getByTestId("payment-method")).toContainText("VISA •••• 4242");
    await page.screenshot({ path: test.info().outputPath("billing-trial-from-pricing.png"), fullPage: true });
  });

  await test.step("back on /pricing, Team is marked as the org's plan", async () => {
    await page.getByRole("link", { name: "Compare plans" }).click();
    await expect(page.getByTestId("pricing-for")).toContainText(orgName);
    await expect(page.getByTestId("pricing-team")).toContainText("Current plan");
    await expect(page.getByTestId("pricing-business").getByRole("link", { name: "Switch to Business" })).toBeVisible();
  });
});

test("a signed-in admin picks a plan on /pricing and sees its proration before anything changes", async ({ page }) => {
  await signInWithForm(page, "owner@acme.test");
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  await page.goto("/pricing?org=acme");
  await expect(page.getByTestId("pricing-for")).toContainText("Acme");
  await expect(page.getByTestId("pricing-team")).toContainText("Current plan");
  await page.getByRole("button", { name: /^Annual/ }).click();
  await page.getByTestId("pricing-business").getByRole("link", { name: "Switch to Business" }).click();

  await expect(page).toHaveURL(/\/acme\/billing$/);
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Switch to Business (annual)" })).toBeVisible();
  await expect(dialog.getByTestId("proration-preview")).toContainText("Charged now:");
  await dialog.getByRole("button", { name: "Keep current plan" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("plan-name")).toContainText("Team");
});

test("a member sees the org's plan on /pricing and is asked to go to an admin", async ({ page }) => {
  await signInWithForm(page, "member@acme.test");
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  await page.goto("/pricing?org=acme");
  await expect(page.getByTestId("pricing-team")).toContainText("Current plan");
  await expect(page.getByTestId("pricing-business")).toContainText("Ask an admin of Acme");
  await expect(page.getByTestId("pricing-business").getByRole("link")).toHaveCount(0);
});
