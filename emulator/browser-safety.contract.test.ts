import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./test-support";

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
