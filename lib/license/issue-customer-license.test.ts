import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { exportToEnv } from "@/scripts/lib/process-env";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { customerLicenseInput, issueCustomerLicense } from "./issue-customer-license";
import { checkLicense } from "./license-token";

// The SaaS side: an operator signs a license for a customer who runs Tollgate themselves.
const DAY_MS = 86_400_000;
const { privateKey } = generateKeyPairSync("ed25519");
const request = (over: Record<string, unknown> = {}) =>
  customerLicenseInput.parse({
    licensee: "Initech Ltd",
    plan: "enterprise",
    seats: 40,
    expires: new Date(Date.now() + 365 * DAY_MS),
    ...over,
  });

beforeAll(async () => {
  await switchToFreshAppDatabase("customer_license");
  exportToEnv({
    STRIPE_API_BASE: "http://127.0.0.1:1",
    TOLLGATE_EDITION: undefined,
    LICENSE_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  });
}, 60_000);
afterAll(() => exportToEnv({ STRIPE_API_BASE: undefined, LICENSE_PRIVATE_KEY: undefined, TOLLGATE_EDITION: undefined }));

describe("issuing a license for a self-hosted customer", () => {
  it("signs the terms asked for, for the customer's org, and audits its id and terms but never the token", async () => {
    const operator = await makeUser();
    const org = await makeOrg([[await makeUser(), "owner"]]);
    const { license, claims } = await issueCustomerLicense(request({ orgId: org.id, features: ["sso"] }), operator.id);
    const check = await checkLicense(license, createPublicKey(privateKey));
    expect(check).toMatchObject({ state: "valid", claims: { sub: "Initech Ltd", plan: "enterprise", limits: { seats: 40 } } });
    expect(claims.features).toContain("sso");
    const entries = await db.billingAuditEntry.findMany({ where: { action: "license.issued", actorUserId: operator.id } });
    expect(entries).toMatchObject([
      { orgId: org.id, after: { license: claims.jti, licensee: "Initech Ltd", plan: "enterprise", limits: { seats: 40 } } },
    ]);
    expect(JSON.stringify(entries)).not.toContain(license.split(".")[2]);
  });

  it("refuses bad terms, an unknown org, a missing signing key and a self-hosted installation, and records nothing", async () => {
    const operator = await makeUser();
    expect(customerLicenseInput.safeParse({ licensee: "X Corp", plan: "platinum", expires: "2030-01-01" }).success).toBe(false);
    expect(customerLicenseInput.safeParse({ licensee: "X Corp", plan: "team", expires: "2030-01-01", seats: -1 }).success).toBe(false);
    await expect(issueCustomerLicense(request({ expires: new Date(Date.now() - DAY_MS) }), operator.id)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(issueCustomerLicense(request({ notBefore: new Date(Date.now() + 400 * DAY_MS) }), operator.id)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(issueCustomerLicense(request({ orgId: "org_missing" }), operator.id)).rejects.toMatchObject({ code: "not_found" });
    exportToEnv({ LICENSE_PRIVATE_KEY: undefined });
    await expect(issueCustomerLicense(request(), operator.id)).rejects.toMatchObject({ code: "license_signing_not_configured" });
    exportToEnv({ LICENSE_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), TOLLGATE_EDITION: "self-hosted" });
    await expect(issueCustomerLicense(request(), operator.id)).rejects.toMatchObject({ code: "conflict" });
    exportToEnv({ TOLLGATE_EDITION: undefined });
    expect(await db.billingAuditEntry.count({ where: { action: "license.issued", actorUserId: operator.id } })).toBe(0);
  });
});
