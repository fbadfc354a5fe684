import "server-only";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { announceInstallationChange } from "@/lib/db/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forgetLicenseStanding, isSelfHosted, licenseStanding } from "@/lib/license/installation";
import { installationId } from "@/lib/license/installation-id";
import { licensePublicKey } from "@/lib/license/license-keys";
import { checkLicense } from "@/lib/license/license-token";

export const installLicenseInput = z.object({ license: z.string().trim().min(1).max(10_000) }).strict();

/**
 * A superadmin installs (or renews with) a license in settings: checked against this installation's public key first,
 * so one that is invalid, not yet valid or expired is refused with the reason and changes nothing. Applies at once
 * (see licenseStanding for how it stands against a license set in the environment).
 */
export async function installLicense(token: string, userId: string) {
  if (!isSelfHosted()) throw new AppError("conflict", "This installation bills through Stripe; licenses are for the self-hosted edition.");
  const check = await checkLicense(token, licensePublicKey(env().LICENSE_PUBLIC_KEY), new Date(), await installationId());
  if (check.state === "invalid") throw new AppError("license_invalid", check.reason);
  if (check.state === "not_yet_valid")
    throw new AppError("license_invalid", `This license is not valid before ${check.validFrom.toISOString().slice(0, 10)}.`);
  if (check.state === "expired")
    throw new AppError("license_invalid", `This license expired on ${check.expiredAt.toISOString().slice(0, 10)}.`);
  await db.$transaction(async (tx) => {
    await tx.installedLicense.create({
      data: {
        token: token.trim(),
        licenseId: check.claims.jti,
        licensee: check.claims.sub,
        expiresAt: new Date(check.claims.exp * 1000),
        installedById: userId,
      },
    });
    await writeAudit(tx, {
      orgId: null,
      action: "license.installed",
      cause: causedByUser(userId),
      after: {
        license: check.claims.jti,
        licensee: check.claims.sub,
        plan: check.claims.plan,
        limits: check.claims.limits,
        expires: new Date(check.claims.exp * 1000).toISOString(),
      },
    });
    await announceInstallationChange(tx);
  });
  forgetLicenseStanding();
  forgetEntitlements(null);
  return licenseStanding();
}
