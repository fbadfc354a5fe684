import { expect, test, type APIRequestContext } from "@playwright/test";
import { signInWithApi } from "./support/auth";
import { fillCard } from "./support/stripe";
import { api as sameOrigin } from "./support/api";
import { TRIAL_CARD } from "./support/trial-cards";
import { subscribeThroughStripe } from "./support/billing";

// The billing API of the built app, over HTTP with real sessions, against the emulator and the job worker.

async function newOrg(request: APIRequestContext, label: string) {
  const slug = `${label}-${Date.now().toString(36)}`;
  const res = await sameOrigin(request).post("/api/v1/orgs", { data: { name: `${label} Inc`, slug } });
  expect(res.status()).toBe(201);
  return (await res.json()).org as { id: string; slug: string };
}

test.describe("billing API", () => {
  test("an admin subscribes through hosted Checkout and the webhook puts the org on a Team trial", async ({ page, baseURL }) => {
    await signInWithApi(page.request, "owner@globex.test");
    const org = await newOrg(page.request, "trial");
    const api = `/api/v1/orgs/${org.slug}/billing`;

    expect(
      (
        await sameOrigin(page.request).post(`${api}/checkout`, {
          data: { plan: "team", interval: "month", successUrl: "https://evil.example/steal" },
        })
      ).status(),
    ).toBe(400);
    const unknown = await sameOrigin(page.request).post(`${api}/checkout`, { data: { plan: "platinum" } });
    expect(unknown.status()).toBe(404);
    expect((await unknown.json()).error.code).toBe("plan_not_found");
    expect((await (await sameOrigin(page.request).post(`${api}/checkout`, { data: { plan: "enterprise" } })).json()).error.code).toBe(
      "price_not_configured",
    );
    expect(
      (await (await sameOrigin(page.request).post(`${api}/checkout`, { data: { plan: "team", priceId: "price_cheap" } })).json()).error
        .code,
    ).toBe("validation_failed");
    expect((await sameOrigin(page.request).post(`${api}/cancel`)).status()).toBe(400);

    const checkout = await sameOrigin(page.request).post(`${api}/checkout`, { data: { plan: "team", interval: "month" } });
    expect(checkout.status()).toBe(201);
    const { url, trialDays } = await checkout.json();
    expect(trialDays).toBe(14);
    await page.goto(url);
    await expect(page.getByText("14 days free")).toBeVisible();
    await fillCard(page, TRIAL_CARD.apiCheckoutTrial);
    const returned = page.waitForURL(new RegExp(`^${baseURL}/${org.slug}/billing\\?checkout=success&session_id=cs_`));
    await page.getByRole("button", { name: "Start trial" }).click();
    await returned;

    await expect
      .poll(async () => (await (await page.request.get(`${api}/subscription`)).json()).status, { timeout: 15_000 })
      .toBe("trialing");
    const summary = await (await page.request.get(`${api}/subscription`)).json();
    expect(summary).toMatchObject({
      plan: { code: "team" },
      access: "full",
      subscription: { interval: "month", cancelAtPeriodEnd: false, paymentMethod: { last4: "5556" } },
    });
    expect(summary.usage.projects).toEqual({ used: 0, allowed: 25, unlimited: false });

    const again = await sameOrigin(page.request).post(`${api}/checkout`, { data: { plan: "business", interval: "year" } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: "already_subscribed",
      changePlan: `/api/v1/orgs/${org.slug}/billing/change-tier`,
    });

    const portal = await sameOrigin(page.request).post(`${api}/portal`);
    expect(portal.status()).toBe(201);
    await page.goto((await portal.json()).url);
    await expect(page.getByText("Team")).toBeVisible();
  });

  test("Free's project limit is a 402 naming the limit, usage and upgrade path", async ({ request }) => {
    await signInWithApi(request, "owner@globex.test");
    const org = await newOrg(request, "free");
    for (const name of ["One", "Two", "Three"])
      expect((await sameOrigin(request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name } })).status()).toBe(201);
    const refused = await sameOrigin(request).post(`/api/v1/orgs/${org.slug}/projects`, { data: { name: "Four" } });
    expect(refused.status()).toBe(402);
    expect((await refused.json()).error).toMatchObject({
      code: "limit_reached",
      limit: "projects",
      used: 3,
      allowed: 3,
      upgrade: `/${org.slug}/billing`,
    });
    expect((await (await request.get(`/api/v1/orgs/${org.slug}/projects`)).json()).projects).toHaveLength(3);

    const ent = await request.get(`/api/v1/billing/entitlements/${org.id}`);
    expect((await ent.json()).entitlements).toMatchObject({ planCode: "free", limits: { projects: 3, seats: 2, runsPerMonth: 100 } });
  });

  test("the demo org's admin sees its Team plan, invoices with PDFs and a proration preview; a member can read but not manage", async ({
    request,
    playwright,
    baseURL,
  }) => {
    await signInWithApi(request, "admin@acme.test");
    const api = "/api/v1/orgs/acme/billing";
    expect(await (await request.get(`${api}/subscription`)).json()).toMatchObject({ plan: { code: "team" }, status: "active" });
    await expect
      .poll(async () => (await (await request.get(`${api}/invoices`)).json()).invoices.length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const [invoice] = (await (await request.get(`${api}/invoices`)).json()).invoices;
    // Acme's three members at Team's seat price.
    expect(invoice).toMatchObject({ status: "paid", amountPaid: 3 * 1200, currency: "usd" });
    const pdf = await request.get(invoice.invoicePdf);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");

    const preview = await (await request.get(`${api}/upcoming-invoice?plan=business&interval=month`)).json();
    expect(preview.prorationAmount).toBeGreaterThan(0);
    expect(preview.lines.some((l: { proration: boolean }) => l.proration)).toBe(true);

    const addOns = await (await request.get(`${api}/addons`)).json();
    expect(addOns.available.map((a: { code: string }) => a.code)).toEqual(["extra_seats", "priority_support", "custom_domain"]);
    const buy = await sameOrigin(request).post(`${api}/addons`, { data: { addOn: "custom_domain", domain: "not a domain" } });
    expect(buy.status()).toBe(400);
    expect((await buy.json()).error.fields.domain).toBeTruthy();
    const support = await sameOrigin(request).post(`${api}/addons`, { data: { addOn: "priority_support" } });
    expect(support.status()).toBe(201);
    expect((await support.json()).url).toContain("/checkout/");

    const member = await playwright.request.newContext({ baseURL });
    await signInWithApi(member, "member@acme.test");
    expect((await member.get(`${api}/subscription`)).status()).toBe(200);
    for (const [method, path] of [
      ["post", "checkout"],
      ["post", "portal"],
      ["post", "change-tier"],
      ["post", "cancel"],
      ["post", "reactivate"],
      ["get", "invoices"],
      ["get", "upcoming-invoice"],
      ["get", "addons"],
      ["post", "addons"],
      ["delete", "addons/extra_seats"],
      ["put", "overage"],
    ] as const) {
      const body = method === "post" || method === "put" ? { data: {} } : undefined;
      expect((await member[method](`${api}/${path}`, body)).status(), path).toBe(403);
    }
    // An admin's overage choice is one the plan offers, or a clear refusal that changes nothing.
    const unknownMode = await sameOrigin(request).put(`${api}/overage`, { data: { mode: "sometimes" } });
    expect(unknownMode.status()).toBe(400);
    const negativeCap = await sameOrigin(request).put(`${api}/overage`, { data: { mode: "metered", capCents: -5 } });
    expect(negativeCap.status()).toBe(400);
    expect((await request.get(`${api}/subscription`)).ok()).toBe(true);
    await member.dispose();
    // Free bills nothing, so it offers no pay as you go.
    const free = await playwright.request.newContext({ baseURL });
    await signInWithApi(free, "owner@globex.test");
    const notOffered = await sameOrigin(free).put("/api/v1/orgs/globex/billing/overage", { data: { mode: "metered" } });
    expect(notOffered.status()).toBe(409);
    expect((await notOffered.json()).error).toMatchObject({ code: "overage_mode_not_offered", offered: ["credits", "stop"] });
    await free.dispose();
  });

  test("only platform operators read and resolve the billing audit", async ({ request, playwright, baseURL }) => {
    await signInWithApi(request, "owner@acme.test");
    expect((await request.get("/api/v1/billing/audit")).status()).toBe(403);
    const acmeId = (await (await request.get("/api/v1/orgs")).json()).orgs.find((o: { slug: string }) => o.slug === "acme").id;

    const ops = await playwright.request.newContext({ baseURL });
    await signInWithApi(ops, "ops@tollgate.test");
    const { entries } = await (await ops.get(`/api/v1/billing/audit?org_id=${acmeId}`)).json();
    expect(entries.map((e: { action: string }) => e.action)).toContain("subscription.created");
    const entry = entries[0];
    expect((await (await ops.get(`/api/v1/billing/audit/${entry.id}`)).json()).entry.id).toBe(entry.id);
    expect((await sameOrigin(ops).post(`/api/v1/billing/audit/${entry.id}/resolve`, { data: { resolution: "" } })).status()).toBe(400);
    const resolved = await sameOrigin(ops).post(`/api/v1/billing/audit/${entry.id}/resolve`, {
      data: { resolution: "Checked against Stripe." },
    });
    expect((await resolved.json()).entry).toMatchObject({ resolution: "Checked against Stripe.", resolvedAt: expect.any(String) });
    expect((await sameOrigin(ops).post(`/api/v1/billing/audit/${entry.id}/resolve`, { data: { resolution: "Again" } })).status()).toBe(409);
    expect((await ops.get("/api/v1/billing/audit/nope")).status()).toBe(404);
    await ops.dispose();
  });

  test("an operator starts a reconcile of one org through the API and reads its outcome; others get 403", async ({
    page,
    playwright,
    baseURL,
  }) => {
    // Its own org, subscribed in Stripe directly, so the outcome depends on no other journey.
    await signInWithApi(page.request, "owner@globex.test");
    const org = await newOrg(page.request, "reconcile");
    await subscribeThroughStripe(org.id);
    // Reconcile compares orgs linked to a customer: wait for the webhook that links this one, as its owner would.
    await expect
      .poll(async () => (await (await page.request.get(`/api/v1/orgs/${org.slug}/billing/subscription`)).json()).status, {
        timeout: 20_000,
      })
      .toBe("active");
    expect((await sameOrigin(page.request).post("/api/v1/billing/reconcile", { data: { orgId: org.id } })).status()).toBe(403);

    const ops = await playwright.request.newContext({ baseURL });
    await signInWithApi(ops, "ops@tollgate.test");
    expect((await sameOrigin(ops).post("/api/v1/billing/reconcile", { data: { orgId: "no-such-org" } })).status()).toBe(404);
    expect((await sameOrigin(ops).post("/api/v1/billing/reconcile", { data: { since: "yesterday" } })).status()).toBe(400);
    const started = await sameOrigin(ops).post("/api/v1/billing/reconcile", { data: { orgId: org.slug } });
    expect(started.status()).toBe(202);
    const { run } = await started.json();
    expect(run).toMatchObject({ status: "queued", orgId: org.id, trigger: "api" });
    await expect
      .poll(async () => (await (await ops.get(`/api/v1/billing/reconcile/${run.id}`)).json()).run.status, { timeout: 30_000 })
      .toBe("succeeded");
    const done = (await (await ops.get(`/api/v1/billing/reconcile/${run.id}`)).json()).run;
    expect(done.counts).toMatchObject({ orgsChecked: 1, mismatches: 0 });
    expect(done.counts.objectsCompared).toBeGreaterThan(1);
    expect((await ops.get("/api/v1/billing/reconcile/nope")).status()).toBe(404);
    expect((await page.request.get(`/api/v1/billing/reconcile/${run.id}`)).status()).toBe(403);
    await ops.dispose();
  });

  test("the webhook endpoint refuses an unsigned body with 400", async ({ request }) => {
    const res = await sameOrigin(request).post("/api/webhooks/stripe", {
      data: { id: "evt_forged", type: "invoice.paid", data: { object: {} } },
    });
    expect(res.status()).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_signature");
    expect((await (await request.get("/api/v1/billing/tiers")).json()).plans.map((p: { code: string }) => p.code)).toEqual([
      "free",
      "team",
      "business",
      "enterprise",
    ]);
  });
});
