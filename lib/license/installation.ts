import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isSelfHostedEnv } from "./edition";
import { log } from "@/lib/log";
import { licensePublicKey } from "./license-keys";
import { checkLicense, type LicenseCheck, type LicenseClaims } from "./license-token";

const DAY_MS = 86_400_000;
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
      const graceEndsAt = new Date(check.expiredAt.getTime() + graceDays * DAY_MS);
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

/** The license in force: TOLLGATE_LICENSE when set, else the newest one installed; re-checked every minute. */
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
  const token = e.TOLLGATE_LICENSE ?? (await db.installedLicense.findFirst({ orderBy: { installedAt: "desc" } }))?.token;
  if (!token) return { mode: "community", source: null, claims: null, reason: "No license is installed." };
  const source: Source = e.TOLLGATE_LICENSE ? "environment" : "installed";
  return standingOf(await checkLicense(token, licensePublicKey(e.LICENSE_PUBLIC_KEY), now), source, now, e.LICENSE_GRACE_DAYS);
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
