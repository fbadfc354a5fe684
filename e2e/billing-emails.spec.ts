import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type Stripe from "stripe";
import { listEmails, type CaughtEmail } from "../test/support/mailbox";
import { signInWithApi } from "./support/auth";
import { createOrgWith, reloadUntilBadge } from "./support/billing";
import { inboxUrl } from "./support/env";
import { joinAsMember, verifiedUser } from "./support/orgs";
import { emulatorStripe, fillCard } from "./support/stripe";
import { TRIAL_CARD } from "./support/trial-cards";

// A subscription's whole life read from the inbox, as the org's owners and its billing address see it. The org's
// Stripe customer is made on a test clock (as an operator would make one in the dashboard, naming the org), so the
// journey can move Stripe's time; everything the admin does, they do in the browser.

const stripe = emulatorStripe();
const HOUR = 3_600;
const DAY = 86_400;

const day = (unixSeconds: number) =>
  new Date(unixSeconds * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
const money = (cents: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

/** The org's mail, as the first recipient's inbox holds it. */
class OrgInbox {
  constructor(
    private readonly recipients: string[],
    private readonly orgName: string,
    private readonly viewer: Page,
  ) {}

  async all(): Promise<CaughtEmail[]> {
    return (await listEmails(inboxUrl(), this.recipients[0]!)).filter((m) => m.subject.includes(this.orgName));
  }

  /** Waits for the email whose subject is `subject` (and whose text has `textIncludes`), checks who it went to, and keeps a screenshot of it. */
  async arrived(subject: string, screenshot: string, textIncludes = ""): Promise<CaughtEmail> {
    let found: CaughtEmail | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.all()).find((m) => m.subject === subject && m.text.includes(textIncludes));
          return Boolean(found);
        },
        { message: `"${subject}" in the inbox`, timeout: 30_000 },
      )
      .toBe(true);
    expect(found!.to.map((r) => r.address).sort()).toEqual([...this.recipients].sort());
    await this.viewer.setContent(found!.html);
    await this.viewer.screenshot({ path: test.info().outputPath(`email-${screenshot}.png`), fullPage: true });
    return found!;
  }
}

async function linkedToOrg(ops: APIRequestContext, orgId: string) {
  await expect
    .poll(async () => {
      const { entries } = await (await ops.get(`/api/v1/billing/audit?org_id=${orgId}`)).json();
      return entries.some((e: { action: string }) => e.action === "customer.linked");
    })
    .toBe(true);
}

async function advanceClock(clockId: string, to: number) {
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to });
  await expect.poll(async () => (await stripe.testHelpers.testClocks.retrieve(clockId)).status, { timeout: 20_000 }).toBe("ready");
}

const subscriptionOf = async (customer: string) => (await stripe.subscriptions.list({ customer, status: "all" })).data[0]!;
const periodEnd = (sub: Stripe.Subscription) => sub.items.data[0]!.current_period_end;

test("an org's owners and billing address get each billing email once, from trial to cancellation", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await verifiedUser(page.request, "inbox-owner");
  const org = await createOrgWith(page.request, "inbox-journey");
  const orgName = "inbox-journey Inc";
  const coOwnerRequest = await playwright.request.newContext({ baseURL });
  const coOwner = await verifiedUser(coOwnerRequest, "inbox-coowner");
  await joinAsMember(page.request, coOwnerRequest, coOwner.email, org.slug, "owner");
  await coOwnerRequest.dispose();
  const billingAddress = `finance-${org.slug}@example.test`;
  const billingUrl = `${baseURL}/${org.slug}/billing`;

  const ops = await playwright.request.newContext({ baseURL });
  await signInWithApi(ops, "ops@tollgate.test");
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const customer = await stripe.customers.create({ name: orgName, test_clock: clock.id, metadata: { orgId: org.id } });
  await linkedToOrg(ops, org.id);
  await ops.dispose();

  const inbox = new OrgInbox([owner.email, coOwner.email, billingAddress], orgName, await page.context().newPage());

  // The admin names a billing address, then starts a Team trial.
  await page.goto(`/${org.slug}/billing`);
  await page.getByLabel("Billing email address").fill(billingAddress);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByTestId("plan-team").getByRole("button", { name: "Start free trial" }).click();
  await fillCard(page, TRIAL_CARD.billingEmailsJourney);
  await page.getByRole("button", { name: "Start trial" }).click();
  await expect(page.getByText("Trial — 14 days left")).toBeVisible({ timeout: 20_000 });
  const trialing = await subscriptionOf(customer.id);
  const trialEnd = trialing.trial_end!;
  const started = await inbox.arrived(`${orgName}'s Team trial has started`, "1-trial-started");
  expect(started.text).toContain(`Trial ends: ${day(trialEnd)}`);
  expect(started.text).toContain("Then: $24.00/month for 2 seats");
  expect(started.text).toContain(`Manage billing: ${billingUrl}`);

  // Three days before the trial ends.
  await advanceClock(clock.id, trialEnd - 3 * DAY + HOUR);
  const ending = await inbox.arrived(`${orgName}'s Team trial ends on ${day(trialEnd)}`, "2-trial-ending");
  expect(ending.text).toContain("Card: discover •••• 1117");
  expect(ending.text).toContain(`On ${day(trialEnd)} the discover card ending 1117 is charged $24.00/month for 2 seats.`);

  // The trial converts: the first invoice is paid, and its receipt links to the hosted invoice and a real PDF.
  await advanceClock(clock.id, trialEnd + HOUR);
  const firstInvoice = (await stripe.invoices.list({ customer: customer.id, status: "paid" })).data.find((i) => i.amount_paid > 0)!;
  const firstReceipt = await inbox.arrived(
    `Receipt for ${orgName}: ${money(firstInvoice.amount_paid)} paid`,
    "3-receipt-conversion",
    firstInvoice.number!,
  );
  expect(firstReceipt.text).toContain(`Period: ${day(firstInvoice.period_start)} – ${day(firstInvoice.period_end)}`);
  const pdf = await page.request.get(firstReceipt.text.match(/PDF: (\S+)/)![1]!);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  expect(firstReceipt.text).toContain(`View invoice: ${firstInvoice.hosted_invoice_url}`);

  // The card stops working; the first renewal fails.
  const declining = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customer.id });
  await stripe.subscriptions.update(trialing.id, { default_payment_method: declining.id });
  await advanceClock(clock.id, periodEnd(await subscriptionOf(customer.id)) + HOUR);
  const unpaid = (await stripe.invoices.list({ customer: customer.id, status: "open" })).data[0]!;
  const failed = await inbox.arrived(
    `Payment failed for ${orgName}: ${money(unpaid.amount_due)} is due`,
    "4-payment-failed",
    unpaid.number!,
  );
  expect(failed.text).toContain(`Stripe will try the card again on ${day(unpaid.next_payment_attempt!)}.`);
  expect(failed.text).toContain("Attempt: 1");
  expect(failed.text).toContain(`Pay or update the card: ${unpaid.hosted_invoice_url}`);

  // The admin replaces the card in the portal and pays the invoice from the email's link.
  await page.goto(`/${org.slug}/billing`);
  await page.getByRole("button", { name: "Manage in portal" }).click();
  await page.getByRole("link", { name: "Update payment method" }).click();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiration").fill("11 / 33");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByText("VISA •••• 4242")).toBeVisible();
  await page.goto(unpaid.hosted_invoice_url!);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiration").fill("10 / 32");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: `Pay ${money(unpaid.amount_due)}` }).click();
  await expect(page.getByText("paid", { exact: true })).toBeVisible();
  const renewalReceipt = await inbox.arrived(
    `Receipt for ${orgName}: ${money(unpaid.amount_due)} paid`,
    "5-receipt-renewal",
    unpaid.number!,
  );
  expect(renewalReceipt.id).not.toBe(firstReceipt.id);

  // The admin upgrades to Business.
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  await page.getByTestId("plan-business").getByRole("button", { name: "Switch to Business" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm switch" }).click();
  await expect(page.getByTestId("plan-name")).toContainText("Business");
  const changed = await inbox.arrived(`${orgName} is now on Business`, "6-plan-changed");
  expect(changed.text).toContain("Before: Team");
  expect(changed.text).toContain("Now: Business (monthly)");

  // …then cancels at the period end, and the period passes.
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByText(/^Cancelling on /)).toBeVisible();
  const cancelling = await subscriptionOf(customer.id);
  expect(cancelling.cancel_at_period_end).toBe(true);
  await advanceClock(clock.id, periodEnd(cancelling) + HOUR);
  const ended = await inbox.arrived(`${orgName}'s Business subscription has ended`, "7-subscription-cancelled");
  expect(ended.text).toContain("Now on: Free");
  expect(ended.text).toContain(`Subscribe again: ${billingUrl}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("plan-name")).toHaveText("Free", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // One receipt for each paid invoice of this customer (the upgrade's proration among them), and one of every other email.
  const paid = (await stripe.invoices.list({ customer: customer.id, status: "paid" })).data.filter((i) => i.amount_paid > 0);
  expect(paid.length).toBe(3);
  const mail = await inbox.all();
  for (const invoice of paid) {
    const receipts = mail.filter((m) => m.subject.startsWith("Receipt for") && m.text.includes(`Invoice: ${invoice.number}`));
    expect(receipts, `receipts for ${invoice.number}`).toHaveLength(1);
    expect(receipts[0]!.subject).toBe(`Receipt for ${orgName}: ${money(invoice.amount_paid)} paid`);
  }
  const subjects = mail.map((m) => m.subject);
  for (const email of [started, ending, failed, changed, ended]) expect(subjects.filter((s) => s === email.subject)).toHaveLength(1);
  expect(mail).toHaveLength(paid.length + 5);
});
