import "server-only";
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isSelfHosted } from "./installation";
import { licensePrivateKey } from "./license-keys";
import { licenseRequest, termsFor } from "./license-terms";
import { checkLicense, issueLicense } from "./license-token";

/** What an operator asks for, and optionally the customer's org on the SaaS the license is for. */
export const customerLicenseInput = licenseRequest.extend({ orgId: z.string().min(1).max(64).optional() }).strict();

/**
 * A platform operator on the SaaS issues a license for a customer who runs Tollgate themselves (an Enterprise deal):
 * signed with LICENSE_PRIVATE_KEY, and recorded in the audit (its id and terms, never the token). Returns the token,
 * once: the operator hands it to the customer.
 */
export async function issueCustomerLicense(input: z.infer<typeof customerLicenseInput>, userId: string) {
  if (isSelfHosted()) throw new AppError("conflict", "A self-hosted installation checks licenses; only the vendor's issues them.");
  const pem = env().LICENSE_PRIVATE_KEY;
  if (!pem)
    throw new AppError(
      "license_signing_not_configured",
      "LICENSE_PRIVATE_KEY is not set on this installation, so it cannot sign licenses.",
    );
  if (input.expires.getTime() <= Date.now())
    throw new AppError("validation_failed", "A license must expire in the future.", { fields: { expires: "In the past." } });
  if (input.notBefore && input.notBefore >= input.expires)
    throw new AppError("validation_failed", "A license must expire after it becomes valid.", {
      fields: { notBefore: "After the expiry." },
    });
  if (input.orgId && !(await db.organization.findUnique({ where: { id: input.orgId }, select: { id: true } })))
    throw new AppError("not_found", "No such organization.");
  const key = licensePrivateKey(pem);
  const token = await issueLicense(termsFor(input), key);
  // Read back with the key's own public half: what the audit records is what the token says.
  const check = await checkLicense(token, createPublicKey(key));
  if (check.state === "invalid" || check.state === "expired") throw new Error(`a license just issued does not check: ${check.state}`);
  const claims = check.claims;
  await writeAudit(db, {
    orgId: input.orgId ?? null,
    action: "license.issued",
    cause: causedByUser(userId),
    after: {
      license: claims.jti,
      licensee: claims.sub,
      plan: claims.plan,
      limits: claims.limits,
      features: claims.features,
      validFrom: new Date(claims.nbf * 1000).toISOString(),
      expires: new Date(claims.exp * 1000).toISOString(),
      installation: claims.installation ?? null,
    },
  });
  return { license: token, claims };
}
