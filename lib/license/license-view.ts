import "server-only";
import { isSelfHosted, licenseStanding } from "./installation";

/** What the billing page and the settings show of the license: never the token itself. */
export async function licenseView(now = new Date()) {
  if (!isSelfHosted()) return { edition: "saas" as const, license: null };
  const standing = await licenseStanding(now);
  const claims = standing.claims;
  return {
    edition: "self-hosted" as const,
    license: {
      mode: standing.mode,
      source: standing.source,
      reason: standing.mode === "community" ? standing.reason : null,
      licenseId: claims?.jti ?? null,
      licensee: claims?.sub ?? null,
      plan: claims?.plan ?? null,
      limits: claims?.limits ?? null,
      features: claims?.features ?? [],
      validFrom: claims ? new Date(claims.nbf * 1000).toISOString() : null,
      expiresAt: claims ? new Date(claims.exp * 1000).toISOString() : null,
      daysLeft: standing.mode === "licensed" ? standing.daysLeft : 0,
      graceEndsAt: standing.mode === "grace" ? standing.graceEndsAt.toISOString() : null,
    },
  };
}

export type LicenseView = Awaited<ReturnType<typeof licenseView>>;
