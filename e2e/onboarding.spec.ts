import { expect, test } from "@playwright/test";
import { uniqueEmail } from "./support/auth";
import { linkFromInbox } from "./support/inbox";

test("a new user signs up, creates an org, invites a teammate who accepts, and they record runs", async ({ page, browser }) => {
  const ownerEmail = uniqueEmail("founder");
  const inviteeEmail = uniqueEmail("teammate");
  const orgName = `Initech ${Date.now().toString(36)}`;

  await test.step("sign up and confirm the email", async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "Get started" }).click();
    await page.getByLabel("Your name").fill("Peter Gibbons");
    await page.getByLabel("Work email").fill(ownerEmail);
    await page.getByLabel("Password").fill("a good long password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Create an organization" })).toBeVisible();

    const confirmLink = await linkFromInbox(ownerEmail, "Confirm your email", "/verify-email");
    await page.goto(confirmLink);
    await expect(page.getByText("Thanks, your email address is confirmed.")).toBeVisible();
  });

  await test.step("create an organization", async () => {
    await page.goto("/orgs/new");
    await page.getByLabel("Organization name").fill(orgName);
    await expect(page.getByLabel("URL")).toHaveValue(/^initech-/);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByTestId("org-name")).toHaveText(orgName);
    await expect(page).toHaveURL(/\/initech-[a-z0-9-]+\/projects$/);
  });
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  await test.step("invite a teammate by email", async () => {
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByLabel("Invite by email").fill(inviteeEmail);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation sent to ${inviteeEmail}.`)).toBeVisible();
    await expect(page.getByTestId("invitations-list")).toContainText(inviteeEmail);
  });

  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await test.step("the teammate follows the emailed link, signs up and accepts", async () => {
    const inviteLink = await linkFromInbox(inviteeEmail, `invited you to ${orgName}`, "/invite/");
    await inviteePage.goto(inviteLink);
    await expect(inviteePage.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
    await inviteePage.getByRole("link", { name: "Create an account to accept" }).click();
    await inviteePage.getByLabel("Your name").fill("Milton Waddams");
    // The form starts with the invited address.
    await expect(inviteePage.getByLabel("Work email")).toHaveValue(inviteeEmail);
    await inviteePage.getByLabel("Password").fill("my red stapler");
    await inviteePage.getByRole("button", { name: "Create account" }).click();
    // Only a verified address accepts: an unverified account with it could be a squatter's.
    await expect(inviteePage.getByText(`Confirm ${inviteeEmail} first`)).toBeVisible();
    await inviteePage.goto(await linkFromInbox(inviteeEmail, "Confirm your email", "/verify-email"));
    await expect(inviteePage.getByText("Thanks, your email address is confirmed.")).toBeVisible();
    // Onward from the confirmation, the waiting invitation is offered, not a new organization of their own.
    await inviteePage.getByRole("link", { name: "Continue to Tollgate" }).click();
    const waiting = inviteePage.getByTestId("pending-invitations");
    await expect(waiting).toContainText(`${orgName} · member, invited by`);
    await inviteePage.screenshot({ path: test.info().outputPath("invitation-waiting.png"), fullPage: true });
    await waiting.getByRole("button", { name: `Join ${orgName}` }).click();
    await expect(inviteePage.getByTestId("org-name")).toHaveText(orgName);
  });

  await test.step("the owner sees the new member", async () => {
    await page.reload();
    await expect(page.getByTestId("members-list")).toContainText(inviteeEmail);
    await expect(page.getByTestId("invitations-list")).toHaveCount(0);
  });

  await test.step("the teammate creates a project and records two runs", async () => {
    await inviteePage.getByLabel("New project").fill("Nightly import");
    await inviteePage.getByRole("button", { name: "Create project" }).click();
    await inviteePage.getByRole("link", { name: "Nightly import" }).click();
    await inviteePage.getByRole("button", { name: "Run", exact: true }).click();
    await expect(inviteePage.getByText("1 run in total")).toBeVisible();
    await inviteePage.getByRole("button", { name: "Run", exact: true }).click();
    await expect(inviteePage.getByText("2 runs in total")).toBeVisible();
    await expect(inviteePage.getByTestId("runs-table").locator("tbody tr")).toHaveCount(2);
  });

  await test.step("the owner sees the runs across the org", async () => {
    await page.goto(`/${slug}/runs`);
    await expect(page.getByTestId("runs-table").locator("tbody tr")).toHaveCount(2);
    await expect(page.getByTestId("runs-table")).toContainText("Milton Waddams");
    await page.screenshot({ path: test.info().outputPath("runs.png"), fullPage: true });
  });
  await invitee.close();
});
