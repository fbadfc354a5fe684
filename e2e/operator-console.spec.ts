import { expect, test, type Page } from "@playwright/test";
import { api } from "./support/api";
import { apiRouteFiles } from "./support/api-routes";
import { signInWithApi, signInWithForm } from "./support/auth";
import { createOrgWith } from "./support/billing";
import { E2E_WEBHOOK_SECRET, stripeEmulatorUrl } from "./support/env";
import { emulatorStripe } from "./support/stripe";

// The operator console as ops@tollgate.test uses it, and what everyone else gets.

const stripe = emulatorStripe();

async function setFaults(faults: Record<string, unknown>) {
  const res = await fetch(`${stripeEmulatorUrl()}/_emulator/faults`, { method: "POST", body: JSON.stringify(faults) });
  expect(res.ok).toBe(true);
}

/** Every route under app/api/v1/admin with each method it exports, and the other operator-only routes. */
function operatorRoutes(): { method: string; url: string }[] {
  const routes = apiRouteFiles("v1/admin").flatMap((file) =>
    [...file.source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(([, method]) => ({
      method: method!,
      url: `/api/${file.path}`.replace(/\[[^\]]+\]/g, "x"),
    })),
  );
  return [
    ...routes,
    { method: "GET", url: "/api/v1/billing/audit" },
    { method: "POST", url: "/api/v1/billing/audit/x/resolve" },
    { method: "POST", url: "/api/v1/billing/reconcile" },
    { method: "POST", url: "/api/v1/billing/emails/x/retry" },
  ];
}

/** Reloads until the locator shows, as an operator refreshing the page would. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 45_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout });
}

test("an org owner gets a 404 on the console's pages and a 403 on every operator API route", async ({ page }) => {
  await signInWithForm(page, "owner@acme.test");
  await expect(page).toHaveURL(/\/(orgs|acme)/);
  for (const pathname of [
    "/admin",
    "/admin/orgs",
    "/admin/audit",
    "/admin/webhooks",
    "/admin/jobs",
    "/admin/reconcile",
    "/admin/license",
  ]) {
    const res = await page.goto(pathname);
    expect(res?.status(), pathname).toBe(404);
  }
  const routes = operatorRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(14);
  for (const { method, url } of routes) {
    const res = await api(page.request).fetch(url, { method, ...(method === "GET" ? {} : { data: {} }) });
    expect(res.status(), `${method} ${url}`).toBe(403);
  }
  await page.context().clearCookies();
  expect((await page.goto("/admin"))?.status()).toBe(404);
});

test("an operator scripts the platform-health API: the report, its parts, a snapshot a day, and refusals of bad input", async ({
  request,
}) => {
  await signInWithApi(request, "ops@tollgate.test");
  const ops = api(request);
  const report = await (await ops.get("/api/v1/admin/platform-health")).json();
  expect(report).toMatchObject({ health: { status: "ok" }, trends: { days: 30 } });
  const capacity = (await (await ops.get("/api/v1/admin/platform-health/capacity")).json()).capacity;
  expect(capacity.orgsTotal).toBeGreaterThanOrEqual(capacity.orgsActive + capacity.orgsTrialing + capacity.orgsPastDue);
  const subs = await (await ops.get("/api/v1/admin/platform-health/subscription-capacity")).json();
  expect(subs.total_subscriptions).toBe(Object.values(subs.distribution as Record<string, number>).reduce((a, b) => a + b, 0));
  const projects = subs.resources.projects;
  expect(projects.headroom).toBe(projects.theoretical_limit - projects.actual);
  expect(projects.utilization_percent).toBeCloseTo((projects.actual / projects.theoretical_limit) * 100, 2);
  const trends = await (await ops.get("/api/v1/admin/platform-health/trends?days=90")).json();
  expect(trends).toMatchObject({ days: 90, snapshots: expect.any(Number) });
  expect(trends.snapshots).toBeGreaterThanOrEqual(2);
  const orgs = trends.metrics.orgsTotal;
  expect(orgs.change).toBe(orgs.current_value - orgs.start_value);
  for (const bad of ["days=0", "days=366", "days=ten", "days=7&extra=1"])
    expect((await ops.get(`/api/v1/admin/platform-health/trends?${bad}`)).status(), bad).toBe(400);
  const { recommendations } = await (await ops.get("/api/v1/admin/platform-health/recommendations")).json();
  expect(recommendations.map((r: { category: string }) => r.category)).toContain("infrastructure");
  const first = await ops.post("/api/v1/admin/platform-health/snapshot");
  const again = await ops.post("/api/v1/admin/platform-health/snapshot");
  expect([200, 201]).toContain(first.status());
  expect(again.status()).toBe(200);
  expect((await again.json()).snapshot.day).toBe(new Date().toISOString().slice(0, 10));
  expect((await ops.post("/api/v1/admin/jobs/drop_all_tables/runs")).status()).toBe(404);
  expect((await ops.post("/api/v1/admin/webhooks/retry", { data: { eventId: "evt_nope" } })).status()).toBe(404);
  expect((await ops.post("/api/v1/admin/webhooks/retry", { data: { all: false } })).status()).toBe(400);
});

test("an operator reads the overview, finds an org, resolves its mismatch, retries a failed event and runs a job now", async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(300_000);
  // An org with two live plans on one customer (a mismatch reconcile reports), made as a sales-led deal would be.
  const owner = await playwright.request.newContext({ baseURL });
  await signInWithApi(owner, "owner@globex.test");
  const org = await createOrgWith(owner, "console");
  await owner.dispose();
  const customer = await stripe.customers.create({ name: "console Inc", metadata: { orgId: org.id } });
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const price = async (key: string) => (await stripe.prices.list({ lookup_keys: [key] })).data[0]!.id;
  const team = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: await price("tollgate_team_monthly") }],
    default_payment_method: card.id,
  });
  await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: await price("tollgate_business_monthly") }],
    default_payment_method: card.id,
  });

  await signInWithForm(page, "ops@tollgate.test");
  await expect(page).toHaveURL(/\/orgs/);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Operator console" })).toBeVisible();
  await expect(page.getByTestId("stat-mrr")).toContainText(/\$[\d,]+\.\d\d/);
  await expect(page.getByTestId("chart-mrr").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByTestId("chart-orgs").locator(".recharts-line")).toHaveCount(4);
  await expect(page.getByTestId("recommendations")).toContainText("Infrastructure tier");
  await page.screenshot({ path: test.info().outputPath("console-overview.png"), fullPage: true });

  // Reconcile reports the two live plans; the operator finds the org and resolves the mismatch on its timeline.
  const ops = api(page.request);
  const started = await ops.post("/api/v1/billing/reconcile", { data: { orgId: org.id } });
  expect(started.status()).toBe(202);
  const { run } = await started.json();
  await expect
    .poll(async () => (await (await ops.get(`/api/v1/billing/reconcile/${run.id}`)).json()).run.status, { timeout: 30_000 })
    .toBe("succeeded");

  await page.getByRole("navigation", { name: "Operator console" }).getByRole("link", { name: "Orgs" }).click();
  await page.getByLabel("Search orgs").fill(org.slug);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("org-count")).toHaveText(`1 org matching “${org.slug}”`);
  await page.getByTestId("org-table").getByRole("link", { name: "console Inc" }).click();
  const timeline = page.getByTestId("timeline");
  // Processed Stripe events are told by the entries they caused: hidden until asked for.
  // Whichever saw the subscriptions first (Stripe's event or the reconcile) is named, and what it recorded is spelled out.
  const created = timeline.locator("li", { hasText: "subscription.created" }).first();
  await expect(created).toContainText(/planCode: (team|business)/);
  await expect(created).toContainText(/by (Stripe \(evt_|reconcile run )/);
  await expect(timeline.locator('[data-kind="event"]')).toHaveCount(0);
  await page.getByRole("link", { name: /^Show \d+ processed Stripe events$/ }).click();
  await expect(timeline.locator('[data-kind="event"]').first()).toBeVisible();
  await page.getByRole("link", { name: "Hide processed events" }).click();
  await expect(timeline.locator('[data-kind="event"]')).toHaveCount(0);
  const mismatch = timeline.locator("li", { hasText: "reconcile.two_live_plans" });
  await expect(mismatch).toContainText("mismatch");
  await page.screenshot({ path: test.info().outputPath("console-timeline.png"), fullPage: true });
  await mismatch.getByLabel("Resolution").fill("Cancelled the duplicate Business subscription in Stripe.");
  await mismatch.getByRole("button", { name: "Resolve" }).click();
  await expect(timeline.locator("li", { hasText: "reconcile.two_live_plans" })).toContainText(
    "Resolved: Cancelled the duplicate Business subscription",
  );
  // The audit log takes the org as the operator knows it (its slug), names who acted and says what changed.
  await page.goto(`/admin/audit?org=${org.slug}`);
  const entries = page.getByTestId("audit-entries");
  await expect(entries.locator("li", { hasText: "reconcile.two_live_plans" })).toContainText(/by (Tollgate Ops|reconcile run)/);
  await expect(entries.locator("li", { hasText: "subscription.created" }).first()).toContainText("planCode: ");
  await expect(entries).not.toContainText("by user:");
  await page.screenshot({ path: test.info().outputPath("console-audit.png"), fullPage: true });
  const audit = await (await ops.get(`/api/v1/billing/audit?org_id=${org.id}&kind=mismatch`)).json();
  expect(audit.entries[0]).toMatchObject({
    action: "reconcile.two_live_plans",
    resolution: "Cancelled the duplicate Business subscription in Stripe.",
  });

  // Stripe fails every read of the Team subscription, and Stripe sends an event about it: processing it fails all three
  // attempts and it is kept as failed. (The event is signed here as Stripe signs it; being one Stripe's own queue does
  // not hold, no redelivery or reconcile replay can requeue it before the operator does.)
  await setFaults({ failReads: [`/v1/subscriptions/${team.id}`] });
  const forged = {
    id: `evt_console_${Date.now().toString(36)}`,
    object: "event",
    type: "customer.subscription.updated",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: team.id, object: "subscription", customer: customer.id } },
  };
  const body = JSON.stringify(forged);
  const signed = await page.request.post("/api/webhooks/stripe", {
    headers: {
      "content-type": "application/json",
      "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret: E2E_WEBHOOK_SECRET }),
    },
    data: body,
  });
  expect(signed.status()).toBe(200);
  await page.goto("/admin/webhooks?status=failed");
  const row = page.getByTestId("webhook-events").locator(`tr[data-event="${forged.id}"]`);
  // Three attempts with the queue's backoff between them (about 10 s, longer on a busy machine).
  await reloadUntil(page, () => expect(row).toContainText("a fault set on the local Stripe", { timeout: 1000 }), 120_000);
  await expect(row.locator("td").nth(2)).toHaveText("3");
  await page.screenshot({ path: test.info().outputPath("console-webhooks-failed.png"), fullPage: true });
  await setFaults({});
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(row).toHaveCount(0);
  await page.goto("/admin/webhooks?status=processed");
  await reloadUntil(page, () => expect(row).toContainText("processed", { timeout: 1000 }));
  const retried = await (await ops.get(`/api/v1/billing/audit?action=webhook.retried`)).json();
  expect(retried.entries.filter((e: { stripeEventId: string }) => e.stripeEventId === forged.id)).toMatchObject([
    { orgId: org.id, actorUserId: expect.any(String), after: { event: forged.id, type: "customer.subscription.updated" } },
  ]);

  // A job run now shows as a new run, and ends with its summary.
  await page.goto("/admin/jobs");
  const job = page.locator('[data-job="capture_capacity_snapshot"]');
  const runsBefore = await job.locator("tr[data-run]").count();
  await job.getByRole("button", { name: "Run now" }).click();
  await expect(job.locator("tr[data-run]")).toHaveCount(Math.min(runsBefore + 1, 5));
  await expect(job.locator("tr[data-run]").first()).toContainText("manual");
  await expect(job.locator("tr[data-run]").first()).toContainText("succeeded", { timeout: 30_000 });
  await expect(job.locator("tr[data-run]").first()).toContainText(`day: ${new Date().toISOString().slice(0, 10)}`);
  await page.screenshot({ path: test.info().outputPath("console-jobs.png"), fullPage: true });
});
