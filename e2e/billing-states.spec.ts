import { expect, test, type Page } from "@playwright/test";
import { signInWithForm } from "./support/auth";
import { createOrg, reloadUntilBadge, renewalFailed, subscribeThroughStripe } from "./support/billing";
import { emulatorStripe, fillCard } from "./support/stripe";
import { api } from "./support/api";

// Add-ons and the unhappy plan states, as an org admin sees them on the billing page.

async function signedInWithOrg(page: Page, label: string) {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  return createOrg(page, label);
}

async function addDomain(page: Page, domain: string) {
  const row = page.getByTestId("available-addons").getByRole("listitem").filter({ hasText: "Custom domain" });
  await row.getByLabel("Domain").fill(domain);
  // Through Checkout: the org has a card on file, and this buys with another.
  await row.getByRole("button", { name: "Add with another card" }).click();
}

test("an admin buys the custom-domain add-on for a domain name; a malformed or taken domain is refused", async ({ page }) => {
  const org = await signedInWithOrg(page, "domain-ui");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  await expect(page.getByTestId("available-addons")).toContainText("Custom domain · $15.00/year");

  await addDomain(page, "not a domain");
  await expect(page.getByTestId("available-addons").getByText(/^Enter a domain name such as billing\.example\.com/)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));

  const domain = `billing.${org.slug}.example.com`;
  await addDomain(page, domain.toUpperCase());
  await expect(page.getByRole("button", { name: "Subscribe" })).toBeVisible();
  await fillCard(page, "4242 4242 4242 4242");
  const returned = page.waitForURL(new RegExp(`/${org.slug}/billing\\?checkout=addon&addon=custom_domain&session_id=cs_`));
  await page.getByRole("button", { name: "Subscribe" }).click();
  await returned;
  // The add-on's own words, not a new subscription's, and said once: the address forgets the return marker.
  await expect(page.getByTestId("checkout-outcome")).toHaveText("Custom domain is added to your plan.", { timeout: 20_000 });
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));
  const purchased = page.getByTestId("purchased-addons");
  await expect(async () => {
    await page.reload();
    await expect(purchased).toContainText(`Custom domain · ${domain}`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(purchased).toContainText("active");
  await expect(page.getByTestId("available-addons")).not.toContainText("Custom domain");
  await page.screenshot({ path: test.info().outputPath("billing-addon-domain.png"), fullPage: true });

  const other = await createOrg(page, "domain-rival");
  await subscribeThroughStripe(other.id);
  await page.goto(`/${other.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  await addDomain(page, domain);
  await expect(page.getByText(/already used by another organization/)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${other.slug}/billing$`));

  await page.goto(`/${org.slug}/billing`);
  await purchased.getByRole("button", { name: "Cancel" }).click();
  await expect(purchased).toContainText(/ends [A-Z][a-z]{2} \d+, \d{4}/);
});

test("an admin adds add-ons on the card on file, answering 3-D Secure when the bank asks, without Checkout", async ({ page }) => {
  const org = await signedInWithOrg(page, "addon-saved-card");
  const customerId = await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  const available = page.getByTestId("available-addons");
  const purchased = page.getByTestId("purchased-addons");

  await available
    .getByRole("listitem")
    .filter({ hasText: "Priority support" })
    .getByRole("button", { name: "Add with VISA •••• 4242" })
    .click();
  await expect(purchased.getByRole("listitem").filter({ hasText: "Priority support" })).toContainText("active", { timeout: 20_000 });
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));

  const stripe = emulatorStripe();
  const plan = (await stripe.subscriptions.list({ customer: customerId })).data.find((s) => !s.metadata.addOnCode)!;
  const strict = await stripe.paymentMethods.attach("pm_card_threeDSecure2Required", { customer: customerId });
  await stripe.subscriptions.update(plan.id, { default_payment_method: strict.id });
  await reloadUntilBadge(page, "Active");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("payment-method")).toContainText("•••• 3220", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await available.getByRole("listitem").filter({ hasText: "Extra seats" }).getByRole("button", { name: "Add with VISA •••• 3220" }).click();
  await page.frameLocator('iframe[title="3D Secure challenge"]').getByRole("button", { name: "Complete" }).click();
  // Bought once the bank's challenge is answered and Stripe's webhook says the first invoice is paid.
  await expect(purchased.getByRole("listitem").filter({ hasText: "Extra seats" })).toContainText("active", { timeout: 20_000 });
  await expect(page.getByTestId("invoices").locator("tbody tr").first()).toContainText("paid");
  await page.screenshot({ path: test.info().outputPath("billing-addons-saved-card.png"), fullPage: true });
});

test("a failed renewal shows past due with the grace end; the plan still works", async ({ page }) => {
  const org = await signedInWithOrg(page, "pastdue-ui");
  await renewalFailed(org.id, 1);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, /^Past due — grace until [A-Z][a-z]{2} \d+, \d{4}$/);
  await expect(page.getByTestId("plan-name")).toContainText("Team");
  await expect(page.getByRole("button", { name: "Cancel subscription" })).toHaveCount(0);
  await expect(page.getByTestId("unpaid-invoice")).toContainText(/^\$12\.00 from [A-Z][a-z]{2} \d+, \d{4} is unpaid\. Pay invoice/);
  await page.screenshot({ path: test.info().outputPath("billing-past-due.png"), fullPage: true });
  expect((await api(page.request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: "Still allowed" } })).status()).toBe(201);
});

test("past the grace period the org is restricted: read-only until the admin pays the invoice on its hosted page", async ({ page }) => {
  const org = await signedInWithOrg(page, "restricted-ui");
  await renewalFailed(org.id, 10);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Restricted — payment overdue");
  await expect(page.getByText("this organization is read-only until the invoice is paid")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("billing-restricted.png"), fullPage: true });

  await page.goto(`/${org.slug}/projects`);
  await page.getByLabel("New project").fill("Blocked");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: "Pay the open invoice" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));

  await page
    .getByTestId("unpaid-invoice")
    .getByRole("link", { name: /^Pay invoice/ })
    .click();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiration").fill("10 / 32");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Pay $12.00" }).click();
  await expect(page.getByText("paid", { exact: true })).toBeVisible();
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  await expect(page.getByTestId("unpaid-invoice")).toHaveCount(0);
  expect((await api(page.request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: "Allowed again" } })).status()).toBe(201);
});

test("a promotion code entered at Checkout shows on the plan card, with the discounted next invoice", async ({ page }) => {
  const org = await signedInWithOrg(page, "promo-ui");
  const stripe = emulatorStripe();
  const coupon = await stripe.coupons.create({ percent_off: 20, duration: "forever", name: "Launch 20" });
  const code = `LAUNCH${Date.now()}`;
  await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code });

  await page.goto(`/${org.slug}/billing`);
  await page.getByTestId("plan-business").getByRole("button", { name: "Subscribe to Business" }).click();
  await page.getByLabel("Promotion code").fill(code);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText(`${code} applied`)).toBeVisible();
  await fillCard(page, "4242 4242 4242 4242");
  const returned = page.waitForURL(new RegExp(`/${org.slug}/billing\\?checkout=success`));
  await page.getByRole("button", { name: "Subscribe" }).click();

  await returned;
  await expect(page.getByTestId("checkout-outcome")).toHaveText("Thank you — your subscription is set up.", { timeout: 20_000 });
  await reloadUntilBadge(page, "Active");
  await expect(page.getByTestId("plan-name")).toContainText("Business$87.00/month · 3 seats × $29.00");
  await expect(page.getByTestId("discount")).toHaveText("Discount Launch 20: 20% off");
  await expect(page.getByTestId("next-invoice")).toContainText("for $69.60.");
  await page.screenshot({ path: test.info().outputPath("billing-discount.png"), fullPage: true });
});

test("a downgrade over the cheaper plan's limits is blocked with the reason; within them it waits for the period end", async ({ page }) => {
  const org = await signedInWithOrg(page, "downgrade-ui");
  await subscribeThroughStripe(org.id, "tollgate_business_monthly");
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  const projects: string[] = [];
  for (let i = 1; i <= 26; i++) {
    const res = await api(page.request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: `Project ${i}` } });
    expect(res.status()).toBe(201);
    projects.push((await res.json()).project.id);
  }
  await page.reload();
  const prioritySupport = page.getByTestId("available-addons").getByRole("listitem").filter({ hasText: "Priority support" });
  await expect(prioritySupport).toContainText("Included in your plan");
  await expect(prioritySupport.getByRole("button", { name: "Add" })).toHaveCount(0);

  await page.getByTestId("plan-team").getByRole("button", { name: "Switch to Team" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("over-limits")).toHaveText(
    "Team allows fewer than this organization uses: 26 projects (Team allows 25). Remove some first, then switch.",
  );
  await expect(dialog.getByRole("button", { name: "Confirm switch" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Keep current plan" }).click();

  expect((await api(page.request).delete(`/api/v1/orgs/${org.slug}/projects/${projects[0]}`)).status()).toBe(204);
  await page.getByTestId("plan-team").getByRole("button", { name: "Switch to Team" }).click();
  await expect(dialog.getByTestId("proration-preview")).toHaveText(
    /^You keep Business until [A-Z][a-z]{2} \d+, \d{4}; the switch happens then, with nothing charged or credited now\. Next invoice: \$12\.00\.$/,
  );
  await dialog.getByRole("button", { name: "Confirm switch" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("plan-name")).toContainText("Business");
  await expect(page.getByTestId("next-invoice")).toContainText(/Switches to Team on [A-Z][a-z]{2} \d+, \d{4}\./);
});
