import { expect, test, type Page } from "@playwright/test";
import { signInWithForm } from "./support/auth";
import { createOrg, createOrgWith, reloadUntilBadge, subscribeThroughStripe } from "./support/billing";
import { joinAsMember, verifiedUser } from "./support/orgs";
import { emulatorStripe, fillCard } from "./support/stripe";
import { api } from "./support/api";
import { TRIAL_CARD } from "./support/trial-cards";
import { inboxUrl } from "./support/env";
import { listEmails, type CaughtEmail } from "../test/support/mailbox";

// The billing page as an org admin uses it, in Chromium, against the built app, the emulator and the worker.

const untilActive = (page: Page) => reloadUntilBadge(page, "Active");

test("a Free org starts a Team trial from the billing page and sees its trial and usage", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "trial-ui");
  await page.goto(`/${org.slug}/billing`);
  await expect(page.getByTestId("plan-name")).toHaveText("Free");
  await expect(page.getByTestId("meter-projects")).toContainText("0 / 3");
  await page.screenshot({ path: test.info().outputPath("billing-free.png"), fullPage: true });

  await page.getByTestId("plan-team").getByRole("button", { name: "Start free trial" }).click();
  await expect(page.getByText("14 days free")).toBeVisible();
  await fillCard(page, TRIAL_CARD.billingPageTrial);
  const returned = page.waitForURL(new RegExp(`/${org.slug}/billing\\?checkout=success`));
  await page.getByRole("button", { name: "Start trial" }).click();
  await returned;
  await expect(page.getByText("Trial — 14 days left")).toBeVisible({ timeout: 20_000 });
  // A trial took no money, and the page says so; then the address forgets it, so a reload thanks nobody again.
  await expect(page.getByTestId("checkout-outcome")).toHaveText(
    /^Your Team trial has started\. Nothing is charged until [A-Z][a-z]{2} \d{1,2}, \d{4}\.$/,
  );
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));
  await page.reload();
  await expect(page.getByText("Trial — 14 days left")).toBeVisible();
  await expect(page.getByTestId("checkout-outcome")).toHaveCount(0);
  // Credits are on sale from the trial's first day, as the pricing page says.
  await expect(page.getByTestId("credits").getByRole("button", { name: "Continue to payment" })).toBeVisible();
  await expect(page.getByTestId("plan-name")).toContainText("Team");
  await expect(page.getByTestId("meter-projects")).toContainText("0 / 25");
  await expect(page.getByTestId("payment-method")).toContainText("•••• 4444");
  await page.screenshot({ path: test.info().outputPath("billing-trial.png"), fullPage: true });

  // The portal knows the card Checkout took, as the billing page does.
  await page.getByRole("button", { name: "Manage in portal" }).click();
  await expect(page).toHaveURL(/\/portal\//);
  await expect(page.getByText(/^MASTERCARD •••• 4444 · Expires/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("portal-after-checkout.png"), fullPage: true });
});

test("an admin upgrades to Business annual after seeing the proration, and gets an invoice with a PDF", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "upgrade-ui");
  await subscribeThroughStripe(org.id);

  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  await page.getByRole("button", { name: "Annual — save up to 17%" }).click();
  await page.getByTestId("plan-business").getByRole("button", { name: "Switch to Business" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("proration-preview")).toContainText("Charged now:");
  await page.screenshot({ path: test.info().outputPath("billing-proration-dialog.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Confirm switch" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("plan-name")).toContainText("Business");
  await expect(page.getByTestId("plan-name")).toContainText("$870.00/year · 3 seats × $290.00");

  const pdfLink = page.getByTestId("invoices").getByRole("link", { name: "PDF" }).first();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("invoices").locator("tbody tr")).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const pdf = await page.request.get((await pdfLink.getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.screenshot({ path: test.info().outputPath("billing-business.png"), fullPage: true });
});

test("cancel at period end shows when it ends, and undoing it clears the badge; the portal returns to the page", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "cancel-ui");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  await page.screenshot({ path: test.info().outputPath("billing-active.png"), fullPage: true });

  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.getByLabel("Why are you cancelling? (optional)").fill("Trying something else");
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByText(/^Cancelling on /)).toBeVisible();
  // A plan set to end is not switched: the picker gives way to how to change plans instead.
  await expect(page.getByTestId("plan-change-while-cancelling")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Switch to/ })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("billing-cancelling.png"), fullPage: true });
  await page.getByRole("button", { name: "Keep my subscription" }).click();
  await expect(page.getByText(/^Cancelling on /)).toBeHidden();
  await expect(page.getByTestId("current-plan").getByText("Active")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Switch to/ }).first()).toBeVisible();

  await page.getByRole("button", { name: "Manage in portal" }).click();
  await expect(page).toHaveURL(/\/portal\//);
  // Plan switches happen on the billing page, where their rules are enforced; the portal offers none.
  await expect(page.getByRole("link", { name: "Update plan" })).toHaveCount(0);
  await page.getByRole("link", { name: /Return to/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));
});

test("a member sees plan, usage and credits but no admin controls", async ({ page }) => {
  await signInWithForm(page, "member@acme.test");
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  await page.goto("/acme/billing");
  await expect(page.getByTestId("plan-name")).toContainText("Team");
  await expect(page.getByTestId("usage")).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toBeVisible();
  await expect(page.getByRole("button", { name: /Switch to|Cancel subscription|Manage in portal/ })).toHaveCount(0);
  await expect(page.getByTestId("invoices")).toHaveCount(0);
  await expect(page.getByTestId("overage-mode")).toHaveText("Runs beyond the plan's allowance: Pay with credits (10 credits a run).");
  await expect(page.getByRole("radio", { name: /Stop at the allowance/ })).toHaveCount(0);
});

test("an admin stops runs at the plan's allowance instead of paying with credits, and can choose credits again", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "overage-ui");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  const overage = page.getByTestId("overage-mode");
  await expect(overage.getByRole("radio", { name: /Pay with credits/ })).toBeChecked();
  await overage.getByRole("radio", { name: /Stop at the allowance/ }).check();
  await overage.getByRole("button", { name: "Save choice" }).click();
  await expect(overage.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("overage-mode").getByRole("radio", { name: /Stop at the allowance/ })).toBeChecked();
  // Nothing to save until the choice changes again.
  await expect(page.getByTestId("overage-mode").getByRole("button", { name: "Save choice" })).toBeDisabled();
});

/** Records `n` runs of a project through the API, eight at a time, as the org's own systems would; their statuses. */
async function recordRuns(page: Page, slug: string, projectId: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = Array.from({ length: Math.min(8, n - i) }, () =>
      api(page.request).post(`/api/v1/orgs/${slug}/projects/${projectId}/runs`),
    );
    statuses.push(...(await Promise.all(batch)).map((r) => r.status()));
  }
  return statuses;
}

test("an admin turns on pay as you go, sees the overage and the next invoice's metered line, caps it, is warned and refused", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "payg");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);

  const card = page.getByTestId("overage");
  await card.getByRole("radio", { name: /Pay as you go.*\$0\.10 a run/ }).check();
  await card.getByRole("button", { name: "Save choice" }).click();
  await expect(card.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("overage-cap")).toHaveText("No cap");

  const project = (await (await api(page.request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: "nightly" } })).json()).project;
  // Team includes 2,000 runs; ten more are billed at $0.10 each.
  expect(new Set(await recordRuns(page, org.slug, project.id, 2010))).toEqual(new Set([201]));
  await page.reload();
  await expect(page.getByTestId("overage-so-far")).toHaveText("$1.00");
  await expect(page.getByTestId("overage-projected")).toHaveText(/^\$\d+\.\d\d$/);
  // The runs reach Stripe's meter from the job queue: the next invoice shows them once they have.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("upcoming-invoice")).toContainText("10 × Runs beyond the allowance (at $0.10 / month)", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("upcoming-invoice")).toContainText("$1.00");

  // A $1.50 cap: fifteen runs beyond the allowance; the twelfth is 80 % of it.
  await page.getByLabel("Spending cap per period (USD)").fill("1.50");
  await card.getByRole("button", { name: "Save choice" }).click();
  await expect(card.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByTestId("overage-cap")).toHaveText("$1.50");
  expect(await recordRuns(page, org.slug, project.id, 2)).toEqual([201, 201]);
  await expect
    .poll(async () => (await listEmails(inboxUrl(), "owner@globex.test")).map((m) => m.subject), { timeout: 20_000 })
    .toContain("payg Inc has reached 80% of its spending cap");

  expect(await recordRuns(page, org.slug, project.id, 3)).toEqual([201, 201, 201]);
  const refused = await api(page.request).post(`/api/v1/orgs/${org.slug}/projects/${project.id}/runs`);
  expect(refused.status()).toBe(402);
  const { error } = await refused.json();
  expect(error.code).toBe("spend_cap_reached");
  expect(error.message).toContain("An admin can raise or remove the cap on the billing page");
  await page.reload();
  await expect(page.getByTestId("overage-so-far")).toHaveText("$1.50");
});

async function fillPaymentElement(page: Page, card: string) {
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByLabel("Card number").fill(card);
  await frame.getByLabel("Expiration date").fill("12 / 34");
  await frame.getByLabel("Security code").fill("123");
}

async function buyCredits(page: Page, card: string) {
  await page.getByRole("radio", { name: /1,000 credits/ }).click();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await fillPaymentElement(page, card);
  await page.getByRole("button", { name: "Pay $10.00 for 1,000 credits" }).click();
}

const balance = async (page: Page) => Number((await page.getByTestId("credit-balance").innerText()).replace(/[^0-9]/g, ""));

test("a member buys credits: 4242 and 3-D Secure raise the balance once the webhook lands; a decline changes nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  // Its own org on Team, with a member who is not an admin: nothing here depends on what other journeys bought.
  const admin = await playwright.request.newContext({ baseURL });
  await verifiedUser(admin, "credits-admin");
  const org = await createOrgWith(admin, "credits");
  await subscribeThroughStripe(org.id);
  const member = await verifiedUser(page.request, "credits-member");
  await joinAsMember(admin, page.request, member.email, org.slug);
  await admin.dispose();
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  await expect(page.getByRole("button", { name: /Switch to|Cancel subscription|Manage in portal/ })).toHaveCount(0);
  // The org's card on file is the admins' to charge; a member pays with a card of their own.
  await expect(page.getByRole("button", { name: /^Pay .* with VISA/ })).toHaveCount(0);
  const start = await balance(page);
  expect(start).toBe(0);

  await buyCredits(page, "4242 4242 4242 4242");
  await expect(page.getByText("Credits added.")).toBeVisible({ timeout: 20_000 });
  expect(await balance(page)).toBe(start + 1000);
  // The member who paid gets the receipt too, and the ledger says who bought the credits.
  await expect
    .poll(async () => (await listEmails(inboxUrl(), member.email)).map((m) => m.subject), { timeout: 20_000 })
    .toContain("Receipt for credits Inc: 1,000 credits");
  await expect(page.getByTestId("credits").getByRole("listitem").first()).toContainText("Top-up · credits-member");

  await page.getByRole("button", { name: "Buy more" }).click();
  await buyCredits(page, "4000 0025 0000 3155");
  await page.frameLocator('iframe[title="3D Secure challenge"]').getByRole("button", { name: "Complete" }).click();
  await expect(page.getByText("Credits added.")).toBeVisible({ timeout: 20_000 });
  expect(await balance(page)).toBe(start + 2000);

  await page.getByRole("button", { name: "Buy more" }).click();
  await buyCredits(page, "4000 0000 0000 0002");
  await expect(page.getByTestId("topup-payment").getByText("Your card was declined.")).toBeVisible();
  // Said once: by the form, not again under the card fields.
  await expect(page.getByText("Your card was declined.")).toHaveCount(1);
  await expect(page.frameLocator('iframe[title="Secure payment input frame"]').getByText("Your card was declined.")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("billing-topup-declined.png"), fullPage: true });
  await page.reload();
  expect(await balance(page)).toBe(start + 2000);
});

test("an admin pays for credits with the card on file, answering 3-D Secure when the bank asks for it", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "saved-card");
  const customerId = await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  const start = await balance(page);

  await page.getByRole("radio", { name: /1,000 credits/ }).click();
  await page.getByRole("button", { name: "Pay $10.00 with VISA •••• 4242" }).click();
  await expect(page.getByText("Credits added.")).toBeVisible({ timeout: 20_000 });
  expect(await balance(page)).toBe(start + 1000);

  // The card on file becomes one whose bank wants the holder for every payment.
  const stripe = emulatorStripe();
  const sub = (await stripe.subscriptions.list({ customer: customerId })).data[0]!;
  const strict = await stripe.paymentMethods.attach("pm_card_threeDSecure2Required", { customer: customerId });
  await stripe.subscriptions.update(sub.id, { default_payment_method: strict.id });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("payment-method")).toContainText("•••• 3220", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  await page.getByRole("radio", { name: /1,000 credits/ }).click();
  await page.getByRole("button", { name: "Pay $10.00 with VISA •••• 3220" }).click();
  await page.frameLocator('iframe[title="3D Secure challenge"]').getByRole("button", { name: "Complete" }).click();
  await expect(page.getByText("Credits added.")).toBeVisible({ timeout: 20_000 });
  expect(await balance(page)).toBe(start + 2000);
  await page.screenshot({ path: test.info().outputPath("billing-topup-saved-card.png"), fullPage: true });
  // Nothing typed: the card fields never opened.
  await expect(page.locator('iframe[title="Secure payment input frame"]')).toHaveCount(0);
});

test("double clicks, and going back and on again, make one PaymentIntent, one charge and one credit", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "twice");
  const customer = await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await untilActive(page);
  expect(await balance(page)).toBe(0);

  await page.getByRole("radio", { name: /1,000 credits/ }).click();
  await page.getByRole("button", { name: "Continue to payment" }).dblclick();
  const pay = page.getByRole("button", { name: "Pay $10.00 for 1,000 credits" });
  await expect(pay).toBeVisible();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await fillPaymentElement(page, "4242 4242 4242 4242");
  await pay.dblclick();
  await expect(page.getByText("Credits added.")).toBeVisible({ timeout: 20_000 });
  expect(await balance(page)).toBe(1000);
  await expect(page.getByTestId("credits").getByText(/ · Top-up · Gus Globex$/)).toHaveCount(1);

  const stripe = emulatorStripe();
  const topUps = (await stripe.paymentIntents.list({ customer, limit: 100 })).data.filter((pi) => pi.metadata.kind === "credit_topup");
  expect(topUps.map((pi) => pi.status)).toEqual(["succeeded"]);
  expect((await stripe.charges.list({ payment_intent: topUps[0]!.id })).data).toHaveLength(1);
  const { entries } = await (await page.request.get(`/api/v1/orgs/${org.slug}/billing/credits`)).json();
  expect(entries.filter((e: { reason: string }) => e.reason === "topup")).toHaveLength(1);
});

test("when Stripe's confirmation doesn't come, the page stops checking after a while and offers to check again", async ({ page }) => {
  await page.clock.install();
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "unconfirmed");
  // Back from a Checkout whose subscription never reaches the app.
  await page.goto(`/${org.slug}/billing?checkout=success`);
  await expect(page.getByText("Checkout complete — waiting for Stripe to confirm your subscription…")).toBeVisible();
  const stalled = page.getByText(/Stripe hasn.t confirmed it yet/);
  await page.clock.runFor(20_000);
  await expect(stalled).toHaveCount(0);
  await expect(async () => {
    await page.clock.runFor(2_000);
    await expect(stalled).toBeVisible({ timeout: 200 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(stalled).toHaveCount(0);
  await expect(page.getByText("Checkout complete — waiting for Stripe to confirm your subscription…")).toBeVisible();
});

test("a subscription that lands while the page waits brings the whole page up to date, plan picker included", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "lands");
  await page.goto(`/${org.slug}/billing?checkout=success`);
  await expect(page.getByText("Checkout complete — waiting for Stripe to confirm your subscription…")).toBeVisible();
  await expect(page.getByRole("button", { name: "Monthly" })).toHaveAttribute("aria-pressed", "true");

  await subscribeThroughStripe(org.id, "tollgate_team_annual");
  await expect(page.getByText("Thank you — your subscription is set up.")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("plan-name")).toContainText("Team$120.00/year · 1 seat × $120.00");
  await expect(page.getByRole("button", { name: /^Annual/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("plan-team")).toContainText("Current plan");
});

test("without an active paid subscription there is no top-up form, and the API refuses with 403", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  await page.goto("/globex/billing");
  await expect(page.getByTestId("subscription-required")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to payment" })).toHaveCount(0);
  const res = await api(page.request).post("/api/v1/orgs/globex/billing/topup/payment-intent", {
    data: { pack: "credits_1000", amount: 1 },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("subscription_required");
});

test("on Free, a fourth project is refused with the limit and a link to the plans", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "limit-ui");
  for (const name of ["One", "Two", "Three"])
    expect((await api(page.request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name } })).status()).toBe(201);
  await page.goto(`/${org.slug}/projects`);
  await page.getByLabel("New project").fill("Four");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Free allows 3 projects and 3 are in use.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("limit-refused.png"), fullPage: true });
  await page.getByRole("link", { name: "See plans" }).click();
  await expect(page).toHaveURL(new RegExp(`/${org.slug}/billing$`));
  await expect(page.getByTestId("meter-projects")).toContainText("3 / 3");
});

test("an admin sets the billing email address; the first payment's receipt reaches it and the owner, with working links", async ({
  page,
}) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "billing-address");
  await page.goto(`/${org.slug}/billing`);
  const field = page.getByLabel("Billing email address");
  await field.fill("not-an-address");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Enter an email address, like billing@example.com.")).toBeVisible();
  const address = `accounts-${org.slug}@example.test`;
  await field.fill(address);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Billing email address")).toHaveValue(address);

  await subscribeThroughStripe(org.id);
  const receiptTo = async (to: string) => {
    let found: CaughtEmail | undefined;
    await expect
      .poll(async () => {
        found = (await listEmails(inboxUrl(), to)).find(
          (m) => m.subject === `Receipt for billing-address Inc: $12.00 paid` && m.text.includes(org.slug),
        );
        return Boolean(found);
      })
      .toBe(true);
    return found!;
  };
  const receipt = await receiptTo(address);
  const ownersCopy = await receiptTo("owner@globex.test");
  expect(ownersCopy.id).toBe(receipt.id);
  expect(receipt.text).toContain(`Billing settings: http://127.0.0.1:${new URL(page.url()).port}/${org.slug}/billing`);

  // The email as a mail client shows it, and its links: the hosted invoice and a real PDF.
  await page.setContent(receipt.html);
  await page.screenshot({ path: test.info().outputPath("email-receipt.png"), fullPage: true });
  const hosted = await page.getByRole("link", { name: "View invoice" }).getAttribute("href");
  const pdfUrl = receipt.text.match(/PDF: (\S+)/)![1]!;
  expect((await page.request.get(hosted!)).status()).toBe(200);
  const pdf = await page.request.get(pdfUrl);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
