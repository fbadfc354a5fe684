import type { Env } from "@/lib/env";

/**
 * Self-hosted when asked for (TOLLGATE_EDITION=self-hosted), or when a license is set and Stripe is not: then Tollgate
 * makes no Stripe call at all and entitlements come from the license.
 */
export function isSelfHostedEnv(e: Pick<Env, "TOLLGATE_EDITION" | "TOLLGATE_LICENSE" | "STRIPE_SECRET_KEY" | "STRIPE_API_BASE">): boolean {
  if (e.TOLLGATE_EDITION) return e.TOLLGATE_EDITION === "self-hosted";
  return Boolean(e.TOLLGATE_LICENSE) && !e.STRIPE_SECRET_KEY && !e.STRIPE_API_BASE;
}
