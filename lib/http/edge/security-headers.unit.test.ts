import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("send HSTS only when the app is served over https", () => {
    expect(securityHeaders({ nonce: "n", appBaseUrl: "https://billing.example.com" })["Strict-Transport-Security"]).toMatch(
      /max-age=\d{7,}/,
    );
    expect(securityHeaders({ nonce: "n", appBaseUrl: "http://127.0.0.1:3000" })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("let Stripe.js and its frames load from Stripe, or from the emulator in emulator mode, and nothing else", () => {
    const real = contentSecurityPolicy({ nonce: "abc", appBaseUrl: "https://billing.example.com" });
    expect(real).toContain("script-src 'nonce-abc' 'strict-dynamic' 'self' https://js.stripe.com");
    expect(real).toMatch(/frame-src [^;]*https:\/\/js\.stripe\.com[^;]*https:\/\/hooks\.stripe\.com/);
    expect(real).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
    const local = contentSecurityPolicy({ nonce: "abc", appBaseUrl: "http://127.0.0.1:3000", stripeApiBase: "http://127.0.0.1:12111/" });
    expect(local).toMatch(/frame-src http:\/\/127\.0\.0\.1:12111(;|$)/);
    expect(local).not.toContain("stripe.com");
    expect(local).toContain("frame-ancestors 'none'");
  });
});
