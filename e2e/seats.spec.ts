import { expect, test } from "@playwright/test";
import { signInWithForm, uniqueEmail } from "./support/auth";
import { createOrg, reloadUntilBadge, subscribeThroughStripe } from "./support/billing";
import { linkFromInbox } from "./support/inbox";
import { verifiedUser } from "./support/orgs";
import { emulatorStripe } from "./support/stripe";

// Team is priced per seat: what one more person costs is on the members page before the invitation is sent, and that
// is what Stripe charges.

test("an admin sees what one more seat costs before inviting, is charged exactly that, and the invitee's seat shows on the bill", async ({
  page,
  browser,
}) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "seats-ui");
  await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  await expect(page.getByTestId("plan-seats")).toHaveText(" · 1 seat × $12.00");

  await page.goto(`/${org.slug}/members`);
  const price = page.getByTestId("seat-price");
  await expect(price).toContainText(
    /^1 seat at \$12\.00 a month each\. Adds \$12\.00 a month; \$\d+\.\d\d now for the rest of this period\.$/,
  );
  const quotedNow = (await price.textContent())!.match(/; (\$\d+\.\d\d) now/)![1]!;
  await page.screenshot({ path: test.info().outputPath("seat-price.png"), fullPage: true });

  const inviteeEmail = uniqueEmail("seat");
  await page.getByLabel("Invite by email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${inviteeEmail}.`)).toBeVisible();
  // The next seat is quoted from the new count.
  await expect(price).toContainText(/^2 seats at \$12\.00 a month each\. Adds \$12\.00 a month;/);

  // The seat is charged what the dialog said, and the plan shows two seats.
  await page.goto(`/${org.slug}/billing`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("plan-seats")).toHaveText(" · 2 seats × $12.00", { timeout: 1000 });
    await expect(page.getByTestId("plan-name")).toContainText("$24.00/month");
    await expect(page.getByTestId("invoices").locator("tbody tr")).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const seatInvoice = page.getByTestId("invoices").locator("tbody tr").first();
  await expect(seatInvoice).toContainText(quotedNow);
  await expect(seatInvoice).toContainText("paid");
  await seatInvoice.getByRole("link", { name: "View" }).click();
  await expect(page.getByText("2 × Team").first()).toBeVisible();

  // The invitee accepts in a browser of their own: the seat they held is theirs, and nothing more is charged.
  const invitee = await browser.newContext();
  await verifiedUser(invitee.request, "seat", inviteeEmail);
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(await linkFromInbox(inviteeEmail, "invited you to", "/invite/"));
  await inviteePage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(inviteePage.getByTestId("org-name")).toHaveText("seats-ui Inc");
  await invitee.close();

  await page.goto(`/${org.slug}/members`);
  await expect(page.getByTestId("members-list")).toContainText(inviteeEmail);
  await expect(price).toContainText(/^2 seats at \$12\.00 a month each\./);
  await page.goto(`/${org.slug}/billing`);
  await expect(page.getByTestId("plan-seats")).toHaveText(" · 2 seats × $12.00");
  await expect(page.getByTestId("invoices").locator("tbody tr")).toHaveCount(2);
});

test("a declined seat charge holds the invitation, says why and how to fix it, and members keep their access", async ({ page }) => {
  await signInWithForm(page, "owner@globex.test");
  await expect(page).toHaveURL(/\/(orgs|globex)/);
  const org = await createOrg(page, "seats-declined");
  const customer = await subscribeThroughStripe(org.id);
  await page.goto(`/${org.slug}/billing`);
  await reloadUntilBadge(page, "Active");
  const stripe = emulatorStripe();
  const declining = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer });
  const [sub] = (await stripe.subscriptions.list({ customer })).data;
  await stripe.subscriptions.update(sub!.id, { default_payment_method: declining.id });

  await page.goto(`/${org.slug}/members`);
  await expect(page.getByTestId("seat-price")).toContainText("Adds $12.00 a month");
  const inviteeEmail = uniqueEmail("held");
  await page.getByLabel("Invite by email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${inviteeEmail}.`)).toBeVisible();

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("seat-hold")).toContainText("The card on file declined the charge for a new seat", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("seat-hold")).toContainText("Pay the open invoice with another card from the billing page");
  await expect(page.getByTestId("invitations-list")).toContainText(`${inviteeEmail} · member`);
  await expect(page.getByTestId("invitations-list")).toContainText("held until the seat is paid");
  await page.screenshot({ path: test.info().outputPath("seat-held.png"), fullPage: true });
  // The owner still works in the org: nothing is taken from members who have access.
  await page.goto(`/${org.slug}/projects`);
  await page.getByLabel("New project").fill("Still here");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Still here")).toBeVisible();
  await page.goto(`/${org.slug}/billing`);
  await expect(page.getByTestId("plan-seats")).toHaveText(" · 1 seat × $12.00");
});
