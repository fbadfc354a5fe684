import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { href, money } from "../src/pages/layout";
import { startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
function send(method: string, path: string, headers: Record<string, string> = {}, body = ""): Promise<Reply> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname, port, method, path, headers: { "content-length": Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const EVIL = "https://evil.example";
const SECRET = { authorization: "Bearer sk_test_tollgate_local_emulator" };
const PUBLISHABLE = { authorization: "Bearer pk_test_tollgate_local_emulator" };

describe("the local Stripe in a developer's browser", () => {
  it("does not reflect script into the Payment Element frame", async () => {
    const payload = "</script><script>alert(1)</script>";
    const res = await send("GET", `/elements/frame?frameId=${encodeURIComponent(payload)}&parent=${encodeURIComponent(payload)}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain("<script>alert(1)");
    expect(res.body).not.toContain("alert(1)");
    const ok = await send("GET", `/elements/frame?frameId=frame_1&parent=${encodeURIComponent("http://127.0.0.1:3000")}`);
    expect(ok.body).toContain('"frame_1"');
    expect(ok.body).toContain('"http://127.0.0.1:3000"');
  });

  it("lets other origins read nothing but publishable-key API calls", async () => {
    const controls = await send("GET", "/_emulator/health", { origin: EVIL });
    expect(controls.headers["access-control-allow-origin"]).toBeUndefined();
    const withSecret = await send("GET", "/v1/customers", { origin: EVIL, ...SECRET });
    expect(withSecret.status).toBe(401);
    expect(withSecret.headers["access-control-allow-origin"]).toBeUndefined();
    const preflightControls = await send("OPTIONS", "/_emulator/webhook_endpoints", {
      origin: EVIL,
      "access-control-request-method": "POST",
    });
    expect(preflightControls.status).toBe(403);
    expect(preflightControls.headers["access-control-allow-origin"]).toBeUndefined();
    // Stripe.js: a publishable key from the app's page is answered with CORS for that page.
    const stripeJs = await send("GET", "/v1/payment_intents/pi_missing?client_secret=x", {
      origin: "http://127.0.0.1:3000",
      ...PUBLISHABLE,
    });
    expect(stripeJs.headers["access-control-allow-origin"]).toBe("http://127.0.0.1:3000");
  });

  it("refuses a foreign page that tries to replace webhook endpoints, and any rebound host name", async () => {
    const body = JSON.stringify({ url: `${EVIL}/hook`, secret: "whsec_x", enabled_events: ["*"] });
    const foreign: Record<string, string>[] = [
      { origin: EVIL },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const headers of foreign) {
      expect((await send("POST", "/_emulator/webhook_endpoints", headers, body)).status, JSON.stringify(headers)).toBe(403);
    }
    expect((await send("POST", "/_emulator/webhook_endpoints", { host: "evil.example:12111" }, body)).status).toBe(421);
    const endpoints = await emu.stripe.webhookEndpoints.list();
    expect(endpoints.data.map((e) => e.url)).not.toContain(`${EVIL}/hook`);
    // The SDK, the CLI and scripts send no Origin and keep working.
    expect(
      (
        await send(
          "POST",
          "/_emulator/webhook_endpoints",
          {},
          JSON.stringify({ url: "http://127.0.0.1:9/ok", secret: "whsec_y", enabled_events: ["*"] }),
        )
      ).status,
    ).toBe(200);
  });
});

describe("what the local Stripe stores is what Stripe would accept, and its pages escape it", () => {
  const script = '<img src=x onerror="alert(1)">';

  it("refuses a currency that is not a three-letter code Stripe supports, everywhere it takes one", async () => {
    const { stripe } = emu;
    const product = await stripe.products.create({ name: "Currency check" });
    const customer = await stripe.customers.create({});
    const attempts = [
      () => stripe.paymentIntents.create({ amount: 500, currency: script }),
      () => stripe.prices.create({ product: product.id, unit_amount: 500, currency: script }),
      () => stripe.invoices.create({ customer: customer.id, currency: script }),
      () => stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: "xx1" }),
      () => stripe.customers.createBalanceTransaction(customer.id, { amount: 500, currency: "dollars" }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ statusCode: 400, param: "currency" });
    const ok = await stripe.paymentIntents.create({ amount: 500, currency: "EUR" });
    expect(ok.currency).toBe("eur");
    const dashboard = await send("GET", "/?tab=payments");
    expect(dashboard.body).toContain("5.00 EUR");
  });

  it("escapes currencies and keeps only web addresses as links on its pages, whatever is stored", () => {
    expect(money(500, script)).not.toContain("<img");
    expect(money(500, "eur")).toBe("EUR 5.00");
    for (const url of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "", null]) expect(href(url)).toBe("#");
    expect(href('https://example.test/?a=1&b="2"')).toBe("https://example.test/?a=1&amp;b=&quot;2&quot;");
  });

  it("refuses redirect URLs that are not http(s), as Stripe does", async () => {
    const { stripe } = emu;
    const product = await stripe.products.create({ name: "Redirect check" });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 500, currency: "usd" });
    const customer = await stripe.customers.create({});
    for (const url of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "not a url"]) {
      await expect(
        stripe.checkout.sessions.create({
          mode: "payment",
          line_items: [{ price: price.id, quantity: 1 }],
          success_url: "http://127.0.0.1/ok",
          cancel_url: url,
        }),
      ).rejects.toMatchObject({ statusCode: 400, param: "cancel_url" });
      await expect(stripe.billingPortal.sessions.create({ customer: customer.id, return_url: url })).rejects.toMatchObject({
        statusCode: 400,
        param: "return_url",
      });
    }
  });

  it("reads clauses apart across any run of white space, and refuses a query over 10,000 characters", async () => {
    const customer = await emu.stripe.customers.create({ email: "spaced@example.test", name: "Spaced" });
    const padded = `email:'spaced@example.test'${" ".repeat(2_000)}AND${"\n ".repeat(200)}name:'Spaced'`;
    expect((await emu.stripe.customers.search({ query: padded })).data.map((c) => c.id)).toEqual([customer.id]);
    // A well-formed query too: it is the length that is refused.
    const long = `email:'${"a".repeat(10_000)}@example.test'`;
    await expect(emu.stripe.customers.search({ query: long })).rejects.toMatchObject({ statusCode: 400, param: "query" });
  });
});
