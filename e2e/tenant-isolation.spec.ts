import { expect, request as playwrightRequest, test } from "@playwright/test";
import { signInWithApi } from "./support/auth";
import { api } from "./support/api";

// Globex's owner must not learn anything about Acme: every page and route answers 404, and nothing changes.
test.describe("tenant isolation", () => {
  let acmeProjectId: string;
  let acmeRunCount: number;
  let acmeOwnerId: string;

  test.beforeAll(async ({ baseURL }) => {
    const acme = await playwrightRequest.newContext({ baseURL });
    await signInWithApi(acme, "owner@acme.test");
    const { projects } = await (await acme.get("/api/v1/orgs/acme/projects")).json();
    acmeProjectId = projects[0].id;
    acmeRunCount = (await (await acme.get("/api/v1/orgs/acme/runs?limit=100")).json()).runs.length;
    acmeOwnerId = (await (await acme.get("/api/v1/me")).json()).user.id;
    await acme.dispose();
  });

  test("every Acme page is a 404 for Globex's owner", async ({ page }) => {
    await signInWithApi(page.request, "owner@globex.test");
    for (const path of ["/acme", "/acme/projects", `/acme/projects/${acmeProjectId}`, "/acme/runs", "/acme/members"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByText("Website")).toHaveCount(0);
    }
  });

  test("every Acme route is a 404 for Globex's owner and changes nothing", async ({ request }) => {
    await signInWithApi(request, "owner@globex.test");
    const base = "/api/v1/orgs/acme";
    const calls: [string, string, unknown?][] = [
      ["GET", base],
      ["GET", `${base}/members`],
      ["PATCH", `${base}/members/${acmeOwnerId}`, { role: "member" }],
      ["DELETE", `${base}/members/${acmeOwnerId}`],
      ["GET", `${base}/invitations`],
      ["POST", `${base}/invitations`, { email: "spy@globex.test" }],
      ["DELETE", `${base}/invitations/anything`],
      ["GET", `${base}/seats/quote`],
      ["GET", `${base}/projects`],
      ["POST", `${base}/projects`, { name: "Trojan horse" }],
      ["GET", `${base}/projects/${acmeProjectId}`],
      ["PATCH", `${base}/projects/${acmeProjectId}`, { name: "Renamed by Globex" }],
      ["DELETE", `${base}/projects/${acmeProjectId}`],
      ["GET", `${base}/projects/${acmeProjectId}/runs`],
      ["POST", `${base}/projects/${acmeProjectId}/runs`],
      ["GET", `${base}/runs`],
    ];
    for (const [method, url, data] of calls) {
      const res = await api(request).fetch(url, { method, data });
      expect(res.status(), `${method} ${url}`).toBe(404);
      expect((await res.json()).error.code, `${method} ${url}`).toBe("not_found");
    }
    // Globex's own project id under Globex's slug does not reach Acme's project either.
    const res = await request.get(`/api/v1/orgs/globex/projects/${acmeProjectId}`);
    expect(res.status()).toBe(404);

    const acme = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
    await signInWithApi(acme, "owner@acme.test");
    const { project } = await (await acme.get(`${base}/projects/${acmeProjectId}`)).json();
    expect(project.name).toBe("Website");
    expect((await (await acme.get(`${base}/runs?limit=100`)).json()).runs.length).toBe(acmeRunCount);
    const { members } = await (await acme.get(`${base}/members`)).json();
    expect(members.find((m: { userId: string }) => m.userId === acmeOwnerId).role).toBe("owner");
    await acme.dispose();
  });

  test("Acme's billing page and every billing route are a 404 for Globex's owner, and Acme's billing is unchanged", async ({
    page,
    request,
  }) => {
    const acme = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
    await signInWithApi(acme, "owner@acme.test");
    const before = await (await acme.get("/api/v1/orgs/acme/billing/subscription")).json();
    const addOnsBefore = (await (await acme.get("/api/v1/orgs/acme/billing/addons")).json()).purchased;
    const acmeOrgId = (await (await acme.get("/api/v1/me")).json()).orgs.find((o: { slug: string }) => o.slug === "acme").id;
    expect((await acme.get(`/api/v1/billing/entitlements/${acmeOrgId}`)).status()).toBe(200);

    await signInWithApi(page.request, "owner@globex.test");
    const response = await page.goto("/acme/billing");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    // /pricing only ever shows the viewer's own orgs: asking for Acme's shows Globex's plan.
    await page.goto("/pricing?org=acme");
    await expect(page.getByText("Showing plans for Globex")).toBeVisible();
    await expect(page.getByText("Acme")).toHaveCount(0);

    await signInWithApi(request, "owner@globex.test");
    const base = "/api/v1/orgs/acme/billing";
    const calls: [string, string, unknown?][] = [
      ["GET", `${base}/subscription`],
      ["GET", `${base}/upcoming-invoice?plan=business&interval=month`],
      ["POST", `${base}/checkout`, { plan: "business", interval: "month" }],
      ["POST", `${base}/change-tier`, { plan: "business", interval: "month" }],
      ["POST", `${base}/cancel`, { reason: "too_expensive" }],
      ["POST", `${base}/reactivate`],
      ["POST", `${base}/portal`],
      ["GET", `${base}/invoices`],
      ["GET", `${base}/addons`],
      ["POST", `${base}/addons`, { addOn: "extra_seats" }],
      ["DELETE", `${base}/addons/extra_seats`],
      ["GET", `${base}/credits`],
      ["POST", `${base}/topup/payment-intent`, { pack: "credits_1000" }],
      ["PUT", `${base}/overage`, { mode: "stop" }],
      ["GET", `/api/v1/billing/entitlements/${acmeOrgId}`],
      ["GET", "/api/v1/billing/entitlements/no-such-org"],
    ];
    for (const [method, url, data] of calls) {
      const res = await api(request).fetch(url, { method, data });
      expect(res.status(), `${method} ${url}`).toBe(404);
      expect((await res.json()).error.code, `${method} ${url}`).toBe("not_found");
    }

    const after = await (await acme.get("/api/v1/orgs/acme/billing/subscription")).json();
    expect(after).toEqual(before);
    expect((await (await acme.get("/api/v1/orgs/acme/billing/addons")).json()).purchased).toEqual(addOnsBefore);
    await acme.dispose();
  });

  test("signed-out visitors are sent to sign in, and the API answers 401", async ({ page, request }) => {
    await page.goto("/acme/projects");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Facme%2Fprojects/);
    const res = await request.get("/api/v1/orgs/acme/projects");
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
  });
});
