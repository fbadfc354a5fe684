import "server-only";
import { env } from "@/lib/env";

/**
 * What the browser needs for Stripe.js: the publishable key only, and in emulator mode the
 * URL of the emulator's Stripe.js stand-in (real Stripe.js is loaded by @stripe/stripe-js).
 */
export function stripeBrowserConfig(): { publishableKey: string; stripeJsUrl: string | null } | null {
  const { STRIPE_PUBLISHABLE_KEY, STRIPE_API_BASE } = env();
  if (!STRIPE_PUBLISHABLE_KEY) return null;
  return {
    publishableKey: STRIPE_PUBLISHABLE_KEY,
    stripeJsUrl: STRIPE_API_BASE ? `${STRIPE_API_BASE.replace(/\/$/, "")}/v3/stripe.js` : null,
  };
}
