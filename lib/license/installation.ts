import "server-only";
import { utc } from "@date-fns/utc";
import { addDays } from "date-fns";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isSelfHostedEnv } from "./edition";
import { log } from "@/lib/log";
import { installationId } from "./installation-id";
import { licensePublicKey } from "./license-keys";
import { checkLicense, type LicenseCheck, type LicenseClaims } from "./license-token";

const TTL_MS = 60_000;

/**
 * Self-hosted when asked for (TOLLGATE_EDITION=self-hosted), or when a license is set and Stripe is not: then Tollgate
 * makes no Stripe call at all and entitlements come from the license.
 */
export function isSelfHosted(): boolean {
  return isSelfHostedEnv(env());
}

/** What the installation runs on: its license's terms, the same terms while an expired license is in grace, or community limits. */
export type LicenseStanding =
  | { mode: "licensed"; claims: LicenseClaims; source: Source; daysLeft: number }
  | { mode: "grace"; claims: LicenseClaims; source: Source; expiredAt: Date; graceEndsAt: Date }
  | { mode: "community"; reason: string; source: Source | null; claims: LicenseClaims | null };

type Source = "environment" | "installed";

export function standingOf(check: LicenseCheck, source: Source, now: Date, graceDays: number): LicenseStanding {
  switch (check.state) {
    case "valid":
      return { mode: "licensed", claims: check.claims, source, daysLeft: check.daysLeft };
    case "expired": {
      const graceEndsAt = addDays(check.expiredAt, graceDays, { in: utc });
      if (now < graceEndsAt) return { mode: "grace", claims: check.claims, source, expiredAt: check.expiredAt, graceEndsAt };
      return {
        mode: "community",
        source,
        claims: check.claims,
        reason: `The license expired on ${check.expiredAt.toISOString().slice(0, 10)} and its ${graceDays}-day grace period is over.`,
      };
    }
    case "not_yet_valid":
      return {
        mode: "community",
        source,
        claims: check.claims,
        reason: `The license is not valid before ${check.validFrom.toISOString().slice(0, 10)}.`,
      };
    case "invalid":
      return { mode: "community", source, claims: null, reason: check.reason };
  }
}

let cached: { standing: LicenseStanding; at: number } | null = null;

/**
 * The license in force, re-checked every minute. TOLLGATE_LICENSE and the newest license installed in settings are both
 * candidates: one in force beats one in grace, which beats none, and between equals the one issued last wins. So a
 * renewal pasted in settings takes over from the environment's license without a redeploy, and a newer license deployed
 * in the environment takes over from an older one installed.
 */
export async function licenseStanding(now = new Date()): Promise<LicenseStanding> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.standing;
  const standing = await loadStanding(now);
  cached = { standing, at: Date.now() };
  return standing;
}

/** Drops this process's cached standing (after an install; other processes re-check within a minute). */
export function forgetLicenseStanding(): void {
  cached = null;
}

async function loadStanding(now: Date): Promise<LicenseStanding> {
  const e = env();
  const installed = (await db.installedLicense.findFirst({ orderBy: { installedAt: "desc" } }))?.token;
  const key = licensePublicKey(e.LICENSE_PUBLIC_KEY);
  const installation = await installationId();
  const candidates: { token: string; source: Source }[] = [
    ...(e.TOLLGATE_LICENSE ? [{ token: e.TOLLGATE_LICENSE, source: "environment" as const }] : []),
    ...(installed ? [{ token: installed, source: "installed" as const }] : []),
  ];
  if (candidates.length === 0) return { mode: "community", source: null, claims: null, reason: "No license is installed." };
  const standings = await Promise.all(
    candidates.map(async (c) => standingOf(await checkLicense(c.token, key, now, installation), c.source, now, e.LICENSE_GRACE_DAYS)),
  );
  return standings.reduce((best, s) => (outranks(s, best) ? s : best));
}

const RANK = { licensed: 2, grace: 1, community: 0 } as const;

function outranks(a: LicenseStanding, b: LicenseStanding): boolean {
  if (RANK[a.mode] !== RANK[b.mode]) return RANK[a.mode] > RANK[b.mode];
  return a.mode !== "community" && (a.claims?.iat ?? 0) > (b.claims?.iat ?? 0);
}

/** At start: says in the log what the installation runs on, and why when it is not its license. */
export async function reportLicenseAtStart(): Promise<void> {
  if (!isSelfHosted()) return;
  const standing = await licenseStanding();
  if (standing.mode === "licensed")
    log().info({ licensee: standing.claims.sub, plan: standing.claims.plan, daysLeft: standing.daysLeft }, "license: in force");
  else if (standing.mode === "grace")
    log().warn({ licensee: standing.claims.sub, graceEndsAt: standing.graceEndsAt }, "license: expired, in its grace period");
  else log().warn({ reason: standing.reason }, "license: not in force; running on community (Free) limits");
}
