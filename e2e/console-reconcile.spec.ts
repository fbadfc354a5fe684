import { expect, test } from "@playwright/test";
import { signInWithForm } from "./support/auth";
import { emulatorStripe } from "./support/stripe";

// A full reconcile compares every org the run has made, so it runs after every other journey (its own project).

const stripe = emulatorStripe();

test("an operator starts a full reconcile in the console, watches it finish and reads its findings", async ({ page }) => {
  test.setTimeout(180_000);
  // A customer naming an org Tollgate does not have: the run reports it and repairs nothing.
  const ghost = `org_gone_${Date.now().toString(36)}`;
  const customer = await stripe.customers.create({ name: "Deleted org's customer", metadata: { orgId: ghost } });

  await signInWithForm(page, "ops@tollgate.test");
  await expect(page).toHaveURL(/\/orgs/);
  await page.goto("/admin/reconcile");
  const runsBefore = await page.locator("[data-run]").count();
  await page.getByRole("button", { name: "Start a full run" }).click();
  await expect(page.locator("[data-run]")).toHaveCount(Math.min(runsBefore + 1, 10));
  const run = page.locator("[data-run]").first();
  await expect(run).toContainText("api, all orgs");
  await expect(run).toContainText("succeeded", { timeout: 150_000 });
  await expect(run.getByTestId("reconcile-counts")).toContainText(/[1-9]\d* orgs with a Stripe customer checked/);
  await expect(run).toContainText("reconcile.customer_without_org");
  await page.screenshot({ path: test.info().outputPath("console-reconcile.png"), fullPage: true });

  // Resolved in the audit view: it leaves the unresolved list and shows its resolution in the full log.
  await page.goto(`/admin/audit?kind=mismatch&unresolved=true&action=reconcile.customer_without_org`);
  const entry = page.getByTestId("audit-entries").locator("li", { hasText: customer.id });
  await expect(entry).toContainText(`orgId: ${ghost}`);
  await entry.getByLabel("Resolution").fill(`Deleted ${customer.id} in Stripe.`);
  await entry.getByRole("button", { name: "Resolve" }).click();
  await expect(entry).toHaveCount(0);
  await page.goto(`/admin/audit?action=reconcile.customer_without_org`);
  await expect(page.getByTestId("audit-entries").locator("li", { hasText: customer.id })).toContainText(
    `Resolved: Deleted ${customer.id} in Stripe.`,
  );
});
