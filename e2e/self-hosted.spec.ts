import { createPrivateKey } from "node:crypto";
import { expect, request as playwrightRequest, test, type Browser, type Page } from "@playwright/test";
import { issueLicense, type LicenseTerms } from "../lib/license/license-token";
import { api } from "./support/api";
import { signInWithApi, signInWithForm, uniqueEmail } from "./support/auth";
import { appBaseUrl, licenseKeys } from "./support/env";
import { startSelfHostedStack, type SelfHostedStack } from "./support/self-hosted-stack";

// Tollgate self-hosted: a second installation of its own (database, mail, app, worker) with a license and no Stripe
// key, and no emulator. Its app and worker record every outbound connection; the browser records every request.

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** A license signed with this run's vendor key, as the vendor's CLI signs one. */
function vendorLicense(over: Partial<LicenseTerms>, issuedAt = new Date()) {
  return issueLicense(
    {
      licensee: "Initech Ltd",
      plan: "business",
      limits: { projects: 5, seats: 3, runsPerMonth: 1000 },
      features: [],
      expiresAt: new Date(Date.now() + 30 * DAY_MS),
      ...over,
    },
    createPrivateKey(licenseKeys().privateKey),
    issuedAt,
  );
}

/** A page on the self-hosted installation, signed in, that remembers every URL the browser asked for. */
async function signedIn(browser: Browser, stack: SelfHostedStack, email: string, requested: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.appUrl });
  const page = await context.newPage();
  page.on("request", (r) => requested.push(r.url()));
  await signInWithForm(page, email);
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  return page;
}

/**
 * Nothing but the installation's own database, mail server and app (Auth.js calls its own URL): no Stripe, no
 * emulator, no host name looked up.
 */
function expectOnlyOwnServices(stack: SelfHostedStack, requested: string[]) {
  const connections = stack.connections();
  expect(connections.filter((c) => c.kind === "connect" && c.port === stack.pgPort).length).toBeGreaterThan(0);
  const elsewhere = connections.filter(
    (c) =>
      !["127.0.0.1", "localhost", "::1"].includes(c.host) ||
      (c.kind === "connect" && ![stack.pgPort, stack.smtpPort, stack.appPort].includes(c.port!)),
  );
  expect(elsewhere, `app ${stack.appPort}, pg ${stack.pgPort}, smtp ${stack.smtpPort}, inbox ${stack.mailWebPort}`).toEqual([]);
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((url) => !url.startsWith(`${stack.appUrl}/`) && !url.startsWith("data:"))).toEqual([]);
}

test.describe("a self-hosted installation on a license", () => {
  test.describe.configure({ mode: "serial" });
  let stack: SelfHostedStack;
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    stack = await startSelfHostedStack({
      TOLLGATE_LICENSE: await vendorLicense({}),
      LICENSE_PUBLIC_KEY: licenseKeys().publicKey,
    });
  });
  test.afterAll(() => stack?.stop());

  test("shows the license on the billing page, refuses a seat over it, and takes a renewal the vendor issued at once", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const requested: string[] = [];
    const owner = await signedIn(browser, stack, "owner@acme.test", requested);
    await owner.goto("/acme/billing");
    const license = owner.getByTestId("license");
    await expect(license).toContainText("30 days left");
    await expect(owner.getByTestId("license-licensee")).toHaveText("Initech Ltd");
    await expect(owner.getByTestId("license-seats")).toHaveText("3");
    await expect(owner.getByTestId("meter-seats")).toContainText("3 / 3");
    // No Checkout, portal or top-ups: there is no payment provider.
    await expect(owner.getByRole("button", { name: /subscribe|checkout|portal|top up|buy/i })).toHaveCount(0);
    await owner.screenshot({ path: test.info().outputPath("self-hosted-billing.png"), fullPage: true });

    // Acme's three members fill the license's three seats: the next invitation is refused as on the cloud.
    const invitee = uniqueEmail("seat");
    await owner.goto("/acme/members");
    await owner.getByLabel("Invite by email").fill(invitee);
    await owner.getByRole("button", { name: "Send invitation" }).click();
    const refusal = owner.getByRole("alert").filter({ hasText: "allows" });
    await expect(refusal).toContainText("Business allows 3 seats and 3 are in use. Ask your platform operator for a license with more.");
    await expect(refusal.getByRole("link", { name: "See the license" })).toHaveAttribute("href", "/acme/billing");
    await expect(owner.getByTestId("invitations-list")).toHaveCount(0);

    // The vendor's operator issues a renewal on the SaaS (audited there)...
    const vendor = await playwrightRequest.newContext({ baseURL: appBaseUrl() });
    await signInWithApi(vendor, "ops@tollgate.test");
    const expires = new Date(Date.now() + 365 * DAY_MS);
    const issued = await api(vendor).post("/api/v1/admin/licenses", {
      data: { licensee: "Initech Ltd", plan: "business", seats: 10, expires: expires.toISOString() },
    });
    expect(issued.status()).toBe(201);
    const { license: renewal, claims } = await issued.json();
    expect(claims).toMatchObject({ sub: "Initech Ltd", plan: "business", limits: { seats: 10, projects: null } });
    const audit = await (await vendor.get("/api/v1/billing/audit?action=license.issued")).json();
    expect(audit.entries.filter((e: { after: { license: string } }) => e.after.license === claims.jti)).toHaveLength(1);
    await vendor.dispose();

    // ...and the installation's superadmin installs it in settings: it applies at once, for the owner too.
    const operator = await signedIn(browser, stack, "ops@tollgate.test", requested);
    await operator.goto("/admin/license");
    await operator.getByLabel("License").fill(renewal);
    await operator.getByRole("button", { name: "Install license" }).click();
    await expect(operator.getByText("Installed: the new limits apply now.")).toBeVisible();
    await expect(operator.getByTestId("license-seats")).toHaveText("10");
    await expect(operator.getByTestId("license")).toContainText("365 days left");

    await owner.getByRole("button", { name: "Send invitation" }).click();
    await expect(owner.getByTestId("invitations-list")).toContainText(invitee);
    await owner.goto("/acme/billing");
    await expect(owner.getByTestId("license-seats")).toHaveText("10");
    await expect(owner.getByTestId("meter-seats")).toContainText("4 / 10");

    expectOnlyOwnServices(stack, requested);
  });
});

test.describe("a self-hosted installation whose license expired", () => {
  test.describe.configure({ mode: "serial" });
  let stack: SelfHostedStack;
  const issuedAt = new Date(Date.now() - 60 * DAY_MS);
  const expiredAt = new Date(Date.now() - 3 * DAY_MS);
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    stack = await startSelfHostedStack({
      TOLLGATE_LICENSE: await vendorLicense({ notBefore: issuedAt, expiresAt: expiredAt }, issuedAt),
      LICENSE_PUBLIC_KEY: licenseKeys().publicKey,
      LICENSE_GRACE_DAYS: "14",
    });
  });
  test.afterAll(() => stack?.stop());

  test("keeps the license's limits with a banner for admins through the grace period, then runs on community limits with nothing lost", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const requested: string[] = [];
    const owner = await signedIn(browser, stack, "owner@acme.test", requested);
    await owner.goto("/acme/projects");
    const banner = owner.getByTestId("license-banner");
    await expect(banner).toHaveAttribute("data-mode", "grace");
    await expect(banner).toContainText(
      `The license expired on ${day(expiredAt)}. Its limits hold until ${day(new Date(expiredAt.getTime() + 14 * DAY_MS))}`,
    );
    await owner.screenshot({ path: test.info().outputPath("self-hosted-grace.png"), fullPage: true });
    const member = await signedIn(browser, stack, "member@acme.test", requested);
    await member.goto("/acme/projects");
    await expect(member.getByTestId("org-name")).toHaveText("Acme");
    await expect(member.getByTestId("license-banner")).toHaveCount(0);

    // In grace the license's five projects still hold: Acme goes from two to five.
    for (const name of ["Reports", "Search", "Mobile"]) {
      await owner.getByLabel("New project").fill(name);
      await owner.getByRole("button", { name: "Create project" }).click();
      await expect(owner.getByRole("link", { name, exact: true })).toBeVisible();
      await expect(owner.getByLabel("New project")).toHaveValue("");
    }

    // The grace period passes (the installation restarts with it ended: a 2-day grace for a license 3 days expired).
    await stack.restart({
      TOLLGATE_LICENSE: await vendorLicense({ notBefore: issuedAt, expiresAt: expiredAt }, issuedAt),
      LICENSE_PUBLIC_KEY: licenseKeys().publicKey,
      LICENSE_GRACE_DAYS: "2",
    });
    await owner.goto("/acme/projects");
    await expect(banner).toHaveAttribute("data-mode", "community");
    await expect(banner).toContainText("This installation runs on community (Free) limits");
    await expect(banner).toContainText("grace period is over");
    await owner.screenshot({ path: test.info().outputPath("self-hosted-community.png"), fullPage: true });
    // Nothing is lost: all five projects are there.
    for (const name of ["Website", "Data pipeline", "Reports", "Search", "Mobile"])
      await expect(owner.getByRole("link", { name, exact: true })).toBeVisible();
    // The three oldest still take runs; the two beyond community's three are read-only, and say so.
    await expect(owner.getByTestId("projects-list").locator("li[data-read-only]")).toHaveText([/^Search/, /^Mobile/]);
    await owner.getByRole("link", { name: "Reports" }).click();
    await owner.getByRole("button", { name: "Run", exact: true }).click();
    await expect(owner.getByTestId("runs-table")).toContainText("Olivia Owner");
    await owner.goto("/acme/projects");
    await owner.getByRole("link", { name: "Mobile" }).click();
    await owner.getByRole("button", { name: "Run", exact: true }).click();
    await expect(
      owner.getByText("Free (community) allows 3 projects and 5 are in use. This project is beyond them, so it is read-only"),
    ).toBeVisible();
    // No sixth project, and no invitation past community's two seats; the three members keep their access.
    await owner.goto("/acme/projects");
    await owner.getByLabel("New project").fill("Sixth");
    await owner.getByRole("button", { name: "Create project" }).click();
    await expect(owner.getByText("Free (community) allows 3 projects and 5 are in use.")).toBeVisible();
    await owner.goto("/acme/members");
    await owner.getByLabel("Invite by email").fill(uniqueEmail("seat"));
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await expect(owner.getByText("Free (community) allows 2 seats and 3 are in use.")).toBeVisible();
    await expect(owner.getByTestId("members-list").locator("li")).toHaveCount(3);
    await member.goto("/acme/projects");
    await expect(member.getByRole("link", { name: "Mobile" })).toBeVisible();
    await owner.goto("/acme/billing");
    await expect(owner.getByTestId("license")).toContainText("community limits");

    expectOnlyOwnServices(stack, requested);
  });
});
