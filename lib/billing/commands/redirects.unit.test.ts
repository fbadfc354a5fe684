import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { exportToEnv } from "@/scripts/lib/process-env";
import { checkRedirect } from "./redirects";

let previous: string;
beforeAll(() => {
  previous = env().ALLOWED_CHECKOUT_DOMAINS;
  exportToEnv({ ALLOWED_CHECKOUT_DOMAINS: "shop.example.com, https://pay.example.org:8443" });
});
afterAll(() => exportToEnv({ ALLOWED_CHECKOUT_DOMAINS: previous }));

describe("Checkout redirect allow-list", () => {
  it("accepts the app's own origin and the configured ones", () => {
    for (const url of [
      `${env().APP_BASE_URL}/acme/billing?checkout=success`,
      "https://shop.example.com/thanks",
      "https://pay.example.org:8443/done",
    ]) {
      expect(checkRedirect("successUrl", url)).toBe(url);
    }
  });

  it("refuses anything else with 400 invalid_redirect naming the field", () => {
    for (const url of [
      "https://evil.example/",
      "http://shop.example.com/thanks",
      "https://pay.example.org/done",
      "javascript:alert(1)",
      "/relative",
      "https://shop.example.com.evil.test/",
    ]) {
      expect(() => checkRedirect("cancelUrl", url), url).toThrowError(
        expect.objectContaining({ code: "invalid_redirect", details: { fields: { cancelUrl: expect.any(String) } } }),
      );
    }
  });
});
