import type { Env } from "@/lib/env";
import { isSelfHostedEnv } from "@/lib/license/edition";

// What a deployment must have before it serves anyone. Each problem names the variable and the fix.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** Values that ship in this repository (tests, the emulator) and so are public. */
const PUBLIC_VALUES = new Set([
  "e2e-only-secret",
  "whsec_tollgate_e2e_only",
  "sk_test_tollgate_local_emulator",
  "pk_test_tollgate_local_emulator",
  "changeme",
  "secret",
]);

function baseUrlProblems(e: Env): string[] {
  if (!e.APP_BASE_URL_IS_CUSTOM)
    return ["APP_BASE_URL is not set: give the public https URL users reach the app on (every link and redirect is built from it)."];
  const url = new URL(e.APP_BASE_URL);
  if (url.protocol !== "https:" && !LOOPBACK.has(url.hostname))
    return [`APP_BASE_URL must be https outside localhost (got ${url.origin}).`];
  return [];
}

function stripeProblems(e: Env): string[] {
  const problems: string[] = [];
  const key = e.STRIPE_SECRET_KEY;
  if (!key)
    problems.push("STRIPE_SECRET_KEY is not set: use the secret (sk_live_/sk_test_) or restricted (rk_) key of your Stripe account.");
  else if (!/^(sk|rk)_(live|test)_[A-Za-z0-9]{10,}$/.test(key) || PUBLIC_VALUES.has(key))
    problems.push("STRIPE_SECRET_KEY is not a Stripe secret key of your own (the emulator's key is public).");
  if (!e.STRIPE_PUBLISHABLE_KEY || PUBLIC_VALUES.has(e.STRIPE_PUBLISHABLE_KEY) || !/^pk_(live|test)_/.test(e.STRIPE_PUBLISHABLE_KEY)) {
    problems.push("STRIPE_PUBLISHABLE_KEY is not set to your account's pk_live_/pk_test_ key (Stripe.js needs it).");
  } else if (key && key.includes("_live_") !== e.STRIPE_PUBLISHABLE_KEY.includes("_live_")) {
    problems.push("STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY are from different modes (one live, one test).");
  }
  const webhook = e.STRIPE_WEBHOOK_SECRET;
  if (!webhook || !webhook.startsWith("whsec_") || webhook.length < 24 || PUBLIC_VALUES.has(webhook)) {
    problems.push(
      "STRIPE_WEBHOOK_SECRET is not set to your endpoint's signing secret (whsec_…, from the Stripe dashboard or `stripe listen`).",
    );
  }
  // A live key must never be sent anywhere but Stripe.
  if (e.STRIPE_API_BASE && key?.includes("_live_"))
    problems.push("STRIPE_API_BASE is set with a live key: a live key goes to api.stripe.com only; unset STRIPE_API_BASE.");
  return problems;
}

/** Everything wrong with this environment for production; empty means it may start. */
export function productionProblems(e: Env): string[] {
  const problems: string[] = [];
  if (!e.DATABASE_URL) problems.push("DATABASE_URL is not set: production uses your PostgreSQL, never the embedded one.");
  if (!e.AUTH_SECRET || e.AUTH_SECRET.length < 32 || PUBLIC_VALUES.has(e.AUTH_SECRET)) {
    problems.push("AUTH_SECRET is missing or weak: set at least 32 random characters (openssl rand -base64 33).");
  }
  problems.push(...baseUrlProblems(e));
  if (!e.SMTP_URL_IS_CUSTOM)
    problems.push("SMTP_URL is not set: production sends email through your SMTP server, not the local mail catcher.");
  // The self-hosted edition has no Stripe at all: its license is checked at start (and reported there), not here.
  if (!isSelfHostedEnv(e)) problems.push(...stripeProblems(e));
  return problems;
}
