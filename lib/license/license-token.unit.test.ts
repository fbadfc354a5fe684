import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { generateLicenseKeys, licensePrivateKey, licensePublicKey } from "./license-keys";
import { CLOCK_SKEW_SECONDS, checkLicense, issueLicense, type LicenseTerms } from "./license-token";

const DAY_MS = 86_400_000;
const keys = () => generateKeyPairSync("ed25519");
const NOW = new Date("2026-12-01T12:00:00Z");
const terms = (over: Partial<LicenseTerms> = {}): LicenseTerms => ({
  licensee: "Initech Ltd",
  plan: "enterprise",
  limits: { projects: null, seats: 25, runsPerMonth: 50_000 },
  features: ["sso", "audit_export"],
  expiresAt: new Date(NOW.getTime() + 365 * DAY_MS),
  ...over,
});

/** The token with one claim of its payload replaced, the signature left as it was. */
function tampered(token: string, claim: string, value: unknown): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
  claims[claim] = value;
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}

describe("a signed license", () => {
  it("round-trips: what was issued is what the public key verifies, with the days left", async () => {
    const { privateKey, publicKey } = keys();
    const token = await issueLicense(terms({ licenseId: "lic_test_1" }), privateKey, NOW);
    const check = await checkLicense(token, publicKey, NOW);
    expect(check).toMatchObject({
      state: "valid",
      daysLeft: 365,
      claims: {
        iss: "tollgate",
        jti: "lic_test_1",
        sub: "Initech Ltd",
        plan: "enterprise",
        limits: terms().limits,
        features: ["sso", "audit_export"],
      },
    });
    if (check.state !== "valid") throw new Error("unreachable");
    expect(check.claims).toMatchObject({ iat: NOW.getTime() / 1000, nbf: NOW.getTime() / 1000, exp: terms().expiresAt.getTime() / 1000 });
  });

  it("is refused when a claim was changed, when another key signed it, or when it is not a license at all", async () => {
    const { privateKey, publicKey } = keys();
    const token = await issueLicense(terms(), privateKey, NOW);
    for (const [claim, value] of [
      ["limits", { projects: null, seats: 1000, runsPerMonth: null }],
      ["exp", 4_102_444_800],
      ["sub", "Someone else"],
    ] as const) {
      const check = await checkLicense(tampered(token, claim, value), publicKey, NOW);
      expect(check, claim).toMatchObject({ state: "invalid", reason: expect.stringContaining("signature does not match") });
    }
    const other = keys();
    expect(await checkLicense(await issueLicense(terms(), other.privateKey, NOW), publicKey, NOW)).toMatchObject({
      state: "invalid",
      reason: expect.stringContaining("signed with another key"),
    });
    for (const junk of ["", "not a license", "a.b.c", `${token}x.y`])
      expect(await checkLicense(junk, publicKey, NOW), junk).toMatchObject({ state: "invalid", reason: expect.any(String) });
  });

  it("is refused when the token is not of the license type, though signed by the same key", async () => {
    const { privateKey, publicKey } = keys();
    const claims = { iss: "tollgate", jti: "lic_x", sub: "Initech Ltd", plan: "enterprise", limits: terms().limits, features: [] };
    const other = await new SignJWT(claims)
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT" })
      .setIssuedAt(NOW)
      .setNotBefore(NOW)
      .setExpirationTime(new Date(NOW.getTime() + DAY_MS))
      .sign(privateKey);
    expect(await checkLicense(other, publicKey, NOW)).toEqual({ state: "invalid", reason: expect.stringContaining("another type") });
    const untyped = await new SignJWT(claims)
      .setProtectedHeader({ alg: "EdDSA" })
      .setIssuedAt(NOW)
      .setNotBefore(NOW)
      .setExpirationTime(new Date(NOW.getTime() + DAY_MS))
      .sign(privateKey);
    expect((await checkLicense(untyped, publicKey, NOW)).state).toBe("invalid");
  });

  it("bound to an installation, runs there alone; unbound, anywhere", async () => {
    const { privateKey, publicKey } = keys();
    const bound = await issueLicense(terms({ installation: "inst_aaaaaaaaaaaaaaaaaaaa" }), privateKey, NOW);
    expect((await checkLicense(bound, publicKey, NOW, "inst_aaaaaaaaaaaaaaaaaaaa")).state).toBe("valid");
    expect(await checkLicense(bound, publicKey, NOW, "inst_bbbbbbbbbbbbbbbbbbbb")).toEqual({
      state: "invalid",
      reason: "This license was issued for installation inst_aaaaaaaaaaaaaaaaaaaa; this installation is inst_bbbbbbbbbbbbbbbbbbbb.",
    });
    // The vendor's tools read it without an installation of their own.
    expect(await checkLicense(bound, publicKey, NOW)).toMatchObject({
      state: "valid",
      claims: { installation: "inst_aaaaaaaaaaaaaaaaaaaa" },
    });
    const unbound = await issueLicense(terms(), privateKey, NOW);
    expect((await checkLicense(unbound, publicKey, NOW, "inst_bbbbbbbbbbbbbbbbbbbb")).state).toBe("valid");
  });

  it("is expired after its end and not yet valid before its start, each with its date; a few minutes of clock skew are tolerated", async () => {
    const { privateKey, publicKey } = keys();
    const expiresAt = new Date(NOW.getTime() + 30 * DAY_MS);
    const token = await issueLicense(terms({ expiresAt }), privateKey, NOW);
    const at = (ms: number) => checkLicense(token, publicKey, new Date(ms));
    expect(await at(expiresAt.getTime() + (CLOCK_SKEW_SECONDS - 60) * 1000)).toMatchObject({ state: "valid" });
    expect(await at(expiresAt.getTime() + (CLOCK_SKEW_SECONDS + 1) * 1000)).toMatchObject({ state: "expired", expiredAt: expiresAt });

    const notBefore = new Date(NOW.getTime() + 2 * DAY_MS);
    const future = await issueLicense(terms({ notBefore, expiresAt }), privateKey, NOW);
    expect(await checkLicense(future, publicKey, NOW)).toMatchObject({ state: "not_yet_valid", validFrom: notBefore });
    // Issued "now" by an issuer whose clock runs four minutes ahead: still valid here.
    const ahead = await issueLicense(terms(), privateKey, new Date(NOW.getTime() + 4 * 60_000));
    expect(await checkLicense(ahead, publicKey, NOW)).toMatchObject({ state: "valid" });
  });

  it("keygen writes an owner-only private key that signs what the printed public key verifies", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "license-keys-")), "license.key");
    const publicPem = generateLicenseKeys(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(publicPem).toContain("BEGIN PUBLIC KEY");
    expect(publicPem).not.toContain("PRIVATE");
    const token = await issueLicense(terms(), licensePrivateKey(readFileSync(file, "utf8")), NOW);
    expect((await checkLicense(token, licensePublicKey(publicPem), NOW)).state).toBe("valid");
    expect(() => generateLicenseKeys(file)).toThrow();
    expect(() => licensePublicKey("not a key")).toThrow();
  });
});
