import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInWithApi, uniqueEmail } from "./support/auth";
import { appBaseUrl, DEMO_PASSWORD, inboxUrl, stripeEmulatorUrl } from "./support/env";
import { linkFromInbox } from "./support/inbox";
import { rawRequest, sessionCookieFor } from "./support/raw-http";
import { createOrg, createOrgWith, subscribeThroughStripe } from "./support/billing";
import { emulatorStripe, fillCard } from "./support/stripe";
import { api } from "./support/api";
import { apiRouteFiles } from "./support/api-routes";
import { listEmails } from "../test/support/mailbox";
import { TRIAL_CARD } from "./support/trial-cards";

// What an attacker tries first, against the real built app, the local Stripe and the mail catcher.

const EVIL = "https://evil.example";

/** Every state-changing route the app has, read from app/api, with its path parameters filled in. */
function stateChangingRoutes(projectId: string): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  for (const file of apiRouteFiles()) {
    const url =
      "/api/" +
      file.path
        .replace("[org]", "acme")
        .replace("[projectId]", projectId)
        .replace("[...nextauth]", "signout")
        .replace(/\[[^\]]+\]/g, "x");
    for (const [, method] of file.source.matchAll(/export const (POST|PUT|PATCH|DELETE)\b/g)) routes.push({ method: method!, url });
    if (file.source.includes("export { GET, POST }")) routes.push({ method: "POST", url });
  }
  return routes.filter((r) => r.url !== "/api/webhooks/stripe");
}

test.describe("requests from other origins (CSRF)", () => {
  test("every state-changing route refuses a foreign, null, sibling or cross-site request, and changes nothing", async ({ request }) => {
    await signInWithApi(request, "member@acme.test");
    const { projects } = await (await request.get("/api/v1/orgs/acme/projects")).json();
    const cookie = await sessionCookieFor("member@acme.test", DEMO_PASSWORD);
    const routes = stateChangingRoutes(projects[0].id);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const sibling = `http://127.0.0.1:${Number(new URL(appBaseUrl()).port) + 1}`;
    const forgeries: Record<string, string>[] = [
      { origin: EVIL },
      { origin: "null" },
      { origin: sibling },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      {},
    ];
    for (const { method, url } of routes) {
      for (const forged of forgeries) {
        const res = await rawRequest(method, url, { cookie, "content-type": "text/plain", ...forged }, JSON.stringify({ name: "CSRF" }));
        expect(res.status, `${method} ${url} ${JSON.stringify(forged)}`).toBe(403);
        expect(JSON.parse(res.body).error.code, `${method} ${url}`).toBe("forbidden_origin");
      }
    }
    const after = await (await request.get("/api/v1/orgs/acme/projects")).json();
    expect(after.projects.filter((p: { name: string }) => p.name === "CSRF")).toEqual([]);
  });

  test("the app's own origin still needs a JSON body on JSON routes", async () => {
    const cookie = await sessionCookieFor("member@acme.test", DEMO_PASSWORD);
    const plain = await rawRequest(
      "POST",
      "/api/v1/orgs/acme/projects",
      { cookie, origin: appBaseUrl(), "content-type": "text/plain" },
      JSON.stringify({ name: "Sneaky" }),
    );
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body).error.code).toBe("unsupported_media_type");
    const json = await rawRequest(
      "POST",
      "/api/v1/orgs/acme/projects",
      { cookie, origin: appBaseUrl(), "content-type": "application/json" },
      JSON.stringify({ name: `Allowed ${Date.now()}` }),
    );
    expect(json.status).toBe(201);
  });

  test("a replayed server action from a foreign origin is refused before it runs", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: /email me a sign-in link/i }).waitFor();
    const email = uniqueEmail("action");
    await page.getByLabel("Or get a sign-in link by email").fill(email);
    const [action] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
      page.getByRole("button", { name: /email me a sign-in link/i }).click(),
    ]);
    await linkFromInbox(email, "sign-in link", "/api/auth/callback/");
    const headers = { ...action.headers(), "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "evil.example" };
    const forged = await rawRequest("POST", new URL(action.url()).pathname, { ...headers, origin: EVIL }, action.postDataBuffer()!);
    expect(forged.status).toBe(403);
    expect(await listEmails(inboxUrl(), email)).toHaveLength(1);
  });
});

test.describe("every URL the app builds comes from APP_BASE_URL", () => {
  test("a sign-in link requested with a forged Host and X-Forwarded-Host points at the app, and only the app", async ({ page }) => {
    const email = uniqueEmail("takeover");
    await page.goto("/signin");
    await page.getByLabel("Or get a sign-in link by email").fill(email);
    const [action] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
      page.getByRole("button", { name: /email me a sign-in link/i }).click(),
    ]);
    await linkFromInbox(email, "sign-in link", "/api/auth/callback/");
    // The same action replayed with the app's Origin but every addressing header forged.
    const forged = {
      ...action.headers(),
      origin: appBaseUrl(),
      host: "evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
    };
    await rawRequest("POST", new URL(action.url()).pathname, forged, action.postDataBuffer()!);
    await expect.poll(async () => (await listEmails(inboxUrl(), email)).length).toBe(2);
    for (const mail of await listEmails(inboxUrl(), email)) {
      const links = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.startsWith(`${appBaseUrl()}/`), link).toBe(true);
        expect(decodeURIComponent(link)).not.toContain("evil.example");
      }
    }
  });

  test("a callbackUrl with a tab, backslash or another host lands inside the app", async ({ page }) => {
    await signInWithApi(page.request, "member@acme.test");
    for (const hostile of ["%2F%09%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example"]) {
      const res = await rawRequest("GET", `/signin?callbackUrl=${hostile}`, {
        cookie: await sessionCookieFor("member@acme.test", DEMO_PASSWORD),
      });
      expect([303, 307, 308], hostile).toContain(res.status);
      expect(res.headers.location, hostile).toBe("/orgs");
    }
  });
});

test.describe("sessions", () => {
  test("signing out ends the session: its cookie no longer answers", async () => {
    const cookie = await sessionCookieFor("admin@acme.test", DEMO_PASSWORD);
    expect((await rawRequest("GET", "/api/v1/me", { cookie })).status).toBe(200);
    const csrf = await rawRequest("GET", "/api/auth/csrf", { cookie });
    const csrfCookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.body);
    const out = await rawRequest(
      "POST",
      "/api/auth/signout",
      { cookie: `${cookie}; ${csrfCookie}`, origin: appBaseUrl(), "content-type": "application/x-www-form-urlencoded" },
      new URLSearchParams({ csrfToken }).toString(),
    );
    expect(out.status).toBe(302);
    expect((await rawRequest("GET", "/api/v1/me", { cookie })).status).toBe(401);
  });

  test("an account made with someone else's address loses its password when the owner signs in by email link", async ({ page }) => {
    const email = uniqueEmail("victim");
    const squat = await rawRequest(
      "POST",
      "/api/v1/auth/signup",
      { origin: appBaseUrl(), "content-type": "application/json" },
      JSON.stringify({ name: "Squatter", email, password: "squatters password" }),
    );
    expect(squat.status).toBe(201);
    const squatterCookie = await sessionCookieFor(email, "squatters password");

    await page.goto("/signin");
    await page.getByLabel("Or get a sign-in link by email").fill(email);
    await page.getByRole("button", { name: /email me a sign-in link/i }).click();
    await page.goto(await linkFromInbox(email, "sign-in link", "/api/auth/callback/"));
    await expect(page).toHaveURL(/\/orgs/);

    expect((await rawRequest("GET", "/api/v1/me", { cookie: squatterCookie })).status).toBe(401);
    await expect(sessionCookieFor(email, "squatters password")).rejects.toThrow(/no session/);
    const mine = await page.request.get("/api/v1/me");
    expect((await mine.json()).user.emailVerified).toBe(true);
  });
});

test.describe("limits on what sends email", () => {
  test("twenty reset requests for one address send three emails, however the client claims to be someone else", async () => {
    const email = "owner@globex.test";
    const before = (await listEmails(inboxUrl(), email)).filter((m) => m.subject.includes("Reset")).length;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await rawRequest(
        "POST",
        "/api/v1/auth/password-reset",
        { origin: appBaseUrl(), "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` },
        JSON.stringify({ email }),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers["retry-after"] as string;
        expect(JSON.parse(res.body).error.code).toBe("rate_limited");
      }
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await expect.poll(async () => (await listEmails(inboxUrl(), email)).filter((m) => m.subject.includes("Reset")).length).toBe(before + 3);
  });

  test("sign-in links posted straight to Auth.js are counted too", async () => {
    const email = uniqueEmail("direct");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const csrf = await rawRequest("GET", "/api/auth/csrf");
      const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
      const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, email, callbackUrl: "/orgs" }).toString();
      statuses.push(
        (
          await rawRequest(
            "POST",
            "/api/auth/signin/nodemailer",
            { cookie, origin: appBaseUrl(), "content-type": "application/x-www-form-urlencoded" },
            form,
          )
        ).status,
      );
    }
    expect(statuses.slice(0, 3).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    await expect.poll(async () => (await listEmails(inboxUrl(), email)).length).toBe(3);
  });
});

test.describe("request bodies", () => {
  test("an oversized webhook is refused before it is read, and a body of undeclared length is not read at all; so is an oversized API body", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, "a");
    const declared = await rawRequest(
      "POST",
      "/api/webhooks/stripe",
      { "content-type": "application/json", "stripe-signature": "t=1,v1=x" },
      big,
    );
    expect(declared.status).toBe(413);
    const chunks = Array.from({ length: 80 }, () => Buffer.alloc(64 * 1024, "a"));
    const chunked = await rawRequest(
      "POST",
      "/api/webhooks/stripe",
      { "content-type": "application/json", "stripe-signature": "t=1,v1=x", "transfer-encoding": "chunked" },
      chunks,
    );
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.body).error.code).toBe("length_required");
    const cookie = await sessionCookieFor("member@acme.test", DEMO_PASSWORD);
    const api = await rawRequest(
      "POST",
      "/api/v1/orgs/acme/projects",
      { cookie, origin: appBaseUrl(), "content-type": "application/json" },
      JSON.stringify({ name: "x".repeat(200_000) }),
    );
    expect(api.status).toBe(413);
    expect(JSON.parse(api.body).error.code).toBe("payload_too_large");
  });
});

test.describe("security headers", () => {
  test("every page and route carries the header set, and the CSP's nonce is on the page's scripts", async ({ page }) => {
    for (const url of [
      "/",
      "/pricing",
      "/signin",
      "/signup",
      "/forgot-password",
      "/no-such-page",
      "/api/health",
      "/api/v1/billing/tiers",
    ]) {
      const res = await rawRequest("GET", url);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp, url).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      // http://127.0.0.1: no HSTS (it is sent when APP_BASE_URL is https; see lib/http/edge/security-headers.unit.test.ts).
      expect(res.headers["strict-transport-security"], url).toBeUndefined();
    }
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signInWithApi(page.request, "member@acme.test");
    const response = await page.goto("/acme/billing");
    const nonce = /'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"]!)![1];
    // Every script the server rendered carries this response's nonce (what they load is trusted through 'strict-dynamic').
    const tags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(3);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    // The Payment Element (the emulator's Stripe.js and its frame) loads under the policy.
    await page
      .getByRole("button", { name: /Continue|Buy/ })
      .first()
      .click();
    await expect(page.frameLocator("iframe[title='Secure payment input frame']").getByLabel("Card number")).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("no secret key or webhook secret reaches the browser bundle", async () => {
    const dir = path.join(process.cwd(), ".next", "static");
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d, { withFileTypes: true }).forEach((e) =>
        e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name)),
      );
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(file, "utf8"), file).not.toMatch(/\b(sk|rk)_(test|live)_[A-Za-z0-9]|whsec_[A-Za-z0-9]/);
  });
});

test.describe("what the browser fetches", () => {
  test("no page, the payment form included, loads anything from outside the app and the local Stripe", async ({ page }) => {
    const allowed = new Set([new URL(appBaseUrl()).host, new URL(stripeEmulatorUrl()).host]);
    const outside: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if ((url.protocol === "http:" || url.protocol === "https:") && !allowed.has(url.host)) outside.push(r.url());
    });
    await signInWithApi(page.request, "owner@globex.test");
    const org = await createOrg(page, "no-cdn");
    await subscribeThroughStripe(org.id);
    for (const path of ["/signin", "/pricing", "/orgs", `/${org.slug}/projects`]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    await page.goto(`/${org.slug}/billing`);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("radio", { name: /1,000 credits/ })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole("radio", { name: /1,000 credits/ }).click();
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await expect(page.frameLocator('iframe[title="Secure payment input frame"]').getByLabel("Card number")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(outside).toEqual([]);
  });
});

test.describe("forged Stripe objects", () => {
  test("a $0.50 intent made on Acme's customer outside Tollgate, claiming a million credits, credits nothing", async ({ request }) => {
    await signInWithApi(request, "member@acme.test");
    const before = (await (await request.get("/api/v1/orgs/acme/billing/credits")).json()).balance;
    const stripe = (p: string, init?: RequestInit) =>
      fetch(`${stripeEmulatorUrl()}${p}`, {
        ...init,
        headers: { authorization: "Bearer sk_test_attacker", "content-type": "application/x-www-form-urlencoded" },
      }).then((r) => r.json());
    const acmeId = (await (await request.get("/api/v1/me")).json()).orgs.find((o: { slug: string }) => o.slug === "acme").id;
    const customers = await stripe(`/v1/customers/search?query=${encodeURIComponent(`metadata['orgId']:'${acmeId}'`)}`);
    const customer = customers.data[0].id;
    const forged = await stripe("/v1/payment_intents", {
      method: "POST",
      body: new URLSearchParams({
        amount: "50",
        currency: "usd",
        customer,
        payment_method: "pm_card_visa",
        confirm: "true",
        "automatic_payment_methods[enabled]": "true",
        "automatic_payment_methods[allow_redirects]": "never",
        "metadata[kind]": "credit_topup",
        "metadata[orgId]": acmeId,
        "metadata[packId]": "credits_20000",
        "metadata[credits]": "1000000",
      }),
    });
    expect(forged.status).toBe("succeeded");
    const ops = await (await import("@playwright/test")).request.newContext({ baseURL: appBaseUrl() });
    await signInWithApi(ops, "ops@tollgate.test");
    await expect
      .poll(
        async () =>
          (await (await ops.get(`/api/v1/billing/audit?org_id=${acmeId}&action=credits.unknown_top_up`)).json()).entries?.length ?? 0,
      )
      .toBe(1);
    expect((await (await request.get("/api/v1/orgs/acme/billing/credits")).json()).balance).toBe(before);
    await ops.dispose();
  });
});

test.describe("rules money depends on", () => {
  test("a Team trial switched to Business ends the trial and pays for Business", async ({ page, baseURL }) => {
    await signInWithApi(page.request, "owner@globex.test");
    const org = await createOrg(page, "trial-switch");
    const billing = `/api/v1/orgs/${org.slug}/billing`;
    const { url } = await (await api(page.request).post(`${billing}/checkout`, { data: { plan: "team", interval: "month" } })).json();
    await page.goto(url);
    await fillCard(page, TRIAL_CARD.trialSwitchedToBusiness);
    await page.getByRole("button", { name: "Start trial" }).click();
    await expect(page).toHaveURL(new RegExp(`^${baseURL}/${org.slug}/billing`));
    await expect.poll(async () => (await (await page.request.get(`${billing}/subscription`)).json()).status).toBe("trialing");

    const preview = await (await page.request.get(`${billing}/upcoming-invoice?plan=business&interval=month`)).json();
    expect(preview).toMatchObject({ endsTrial: true, amountDue: 3 * 2900 });
    expect((await api(page.request).post(`${billing}/change-tier`, { data: { plan: "business", interval: "month" } })).status()).toBe(200);
    await expect
      .poll(async () => {
        const summary = await (await page.request.get(`${billing}/subscription`)).json();
        return `${summary.plan.code}/${summary.status}`;
      })
      .toBe("business/active");
    await expect
      .poll(async () =>
        (await (await page.request.get(`${billing}/invoices`)).json()).invoices.map((i: { amountPaid: number }) => i.amountPaid),
      )
      .toContain(3 * 2900);
  });

  test("a disputed top-up gives no credits, and a lost dispute keeps them away", async ({ page }) => {
    await signInWithApi(page.request, "owner@globex.test");
    const org = await createOrg(page, "dispute");
    await subscribeThroughStripe(org.id);
    const billing = `/api/v1/orgs/${org.slug}/billing`;
    await expect.poll(async () => (await (await page.request.get(`${billing}/subscription`)).json()).status).toBe("active");
    const topUp = await api(page.request).post(`${billing}/topup/payment-intent`, { data: { pack: "credits_1000" } });
    expect(topUp.status()).toBe(201);
    const { paymentIntentId } = await topUp.json();
    const stripe = emulatorStripe();
    await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: "pm_card_createDispute" });
    const [dispute] = (await stripe.disputes.list({ payment_intent: paymentIntentId })).data;
    await stripe.disputes.close(dispute!.id);

    const ops = await (await import("@playwright/test")).request.newContext({ baseURL: appBaseUrl() });
    await signInWithApi(ops, "ops@tollgate.test");
    await expect
      .poll(
        async () =>
          (await (await ops.get(`/api/v1/billing/audit?org_id=${org.id}&action=credits.top_up_dispute_lost`)).json()).entries?.length ?? 0,
      )
      .toBe(1);
    expect((await (await page.request.get(`${billing}/credits`)).json()).balance).toBe(0);
    await ops.dispose();
  });
});

test.describe("the local Stripe on a developer's machine", () => {
  test("reflects no script and gives other origins no access to its controls", async () => {
    const xss = await fetch(`${stripeEmulatorUrl()}/elements/frame?frameId=${encodeURIComponent("</script><script>alert(1)</script>")}`);
    expect(await xss.text()).not.toContain("alert(1)");
    const health = await fetch(`${stripeEmulatorUrl()}/_emulator/health`, { headers: { origin: EVIL } });
    expect(health.headers.get("access-control-allow-origin")).toBeNull();
    const replace = await fetch(`${stripeEmulatorUrl()}/_emulator/webhook_endpoints`, {
      method: "POST",
      headers: { origin: EVIL },
      body: JSON.stringify({ url: `${EVIL}/steal`, secret: "whsec_x", enabled_events: ["*"] }),
    });
    expect(replace.status).toBe(403);
  });
});

test.describe("bad bytes and bad cookies", () => {
  test("a NUL byte anywhere in a URL or a JSON body is a 400 on every kind of route and page, and changes nothing", async () => {
    const member = await sessionCookieFor("member@acme.test", DEMO_PASSWORD);
    const ops = await sessionCookieFor("ops@tollgate.test", DEMO_PASSWORD);
    for (const [path, cookie] of [
      ["/api/v1/admin/orgs?q=%00", ops],
      ["/api/v1/billing/audit?before=%00", ops],
      ["/api/v1/billing/audit?org_id=%00", ops],
      ["/api/v1/orgs/%00/projects", member],
      ["/api/v1/orgs/acme/runs?before=%00", member],
      ["/admin/orgs?q=%00", ops],
      ["/acme/runs?x=%00", member],
    ] as const) {
      const res = await rawRequest("GET", path, { cookie });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).error.code, path).toBe("bad_request");
    }
    const name = `Nul\u0000Project ${Date.now()}`;
    const body = await rawRequest(
      "POST",
      "/api/v1/orgs/acme/projects",
      { cookie: member, origin: appBaseUrl(), "content-type": "application/json" },
      JSON.stringify({ name }),
    );
    expect(body.status).toBe(400);
    const { projects } = JSON.parse((await rawRequest("GET", "/api/v1/orgs/acme/projects", { cookie: member })).body);
    expect(projects.filter((p: { name: string }) => p.name.startsWith("Nul"))).toEqual([]);
  });

  test("a garbage session cookie is a signed-out visitor: 401 from the API, the sign-in page for a page", async () => {
    for (const cookie of ["authjs.session-token=garbage", `authjs.session-token=${"A".repeat(400)}.x.y.z.w`]) {
      expect((await rawRequest("GET", "/api/v1/me", { cookie })).status).toBe(401);
      const page = await rawRequest("GET", "/acme/projects", { cookie });
      expect(page.status).toBe(307);
      expect(page.headers.location).toContain("/signin");
    }
  });

  test("an account whose email is not confirmed sends no invitation", async ({ request }) => {
    const email = uniqueEmail("unconfirmed-inviter");
    expect((await api(request).post("/api/v1/auth/signup", { data: { name: "Relay", email, password: "long enough pw" } })).status()).toBe(
      201,
    );
    await signInWithApi(request, email, "long enough pw");
    const org = await createOrgWith(request, "relay");
    const target = uniqueEmail("relay-target");
    const res = await api(request).post(`/api/v1/orgs/${org.slug}/invitations`, { data: { email: target } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error.code).toBe("email_unverified");
    expect(await listEmails(inboxUrl(), target)).toEqual([]);
  });
});
