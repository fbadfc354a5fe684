import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { isSelfHostedEnv } from "@/lib/license/edition";
import { isBackgroundWork, ScopedHttpClient } from "./work-scope";

const clients: { interactive?: Stripe | null; background?: Stripe | null } = {};

/**
 * The Stripe API version Tollgate is written against, sent with every request (real Stripe otherwise uses the
 * account's default, which may be older or newer than the shapes this code reads). The installed SDK's types are
 * for this version; upgrading the SDK means reading its changelog and moving this on purpose.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

/** The emulator accepts any sk_test_ key; this one is used when none is configured. */
const EMULATOR_SECRET_KEY = "sk_test_tollgate_local_emulator";

/**
 * The app's one Stripe client: the local emulator when STRIPE_API_BASE is set, real Stripe when only a real key is;
 * null when neither is, or on a self-hosted installation, which makes no Stripe call at all (billing answers 503). Background work (see work-scope.ts) gets it with two retries of the
 * SDK's 80 s timeout; a request someone waits on gets one retry, each attempt cut to STRIPE_INTERACTIVE_TIMEOUT_MS.
 */
export function stripeClient(): Stripe | null {
  const kind = isBackgroundWork() ? "background" : "interactive";
  if (clients[kind] !== undefined) return clients[kind];
  const { STRIPE_SECRET_KEY, STRIPE_API_BASE } = env();
  if ((!STRIPE_API_BASE && !STRIPE_SECRET_KEY) || isSelfHostedEnv(env())) return (clients[kind] = null);
  const key = STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY;
  const options: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: kind === "background" ? 2 : 1,
    appInfo: { name: "Tollgate" },
    // The SDK would report each request's latency to Stripe on the next one (and warns when a burst overflows it).
    telemetry: false,
    httpClient: new ScopedHttpClient(Stripe.createNodeHttpClient()),
  };
  if (STRIPE_API_BASE) {
    const base = new URL(STRIPE_API_BASE);
    Object.assign(options, {
      host: base.hostname,
      port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
      protocol: base.protocol === "https:" ? "https" : "http",
    });
  }
  return (clients[kind] = new Stripe(key, options));
}

/** The client, or 503 payment_system_not_configured when neither real Stripe nor the emulator is configured. */
export function requireStripe(): Stripe {
  const client = stripeClient();
  if (!client)
    throw new AppError(
      "payment_system_not_configured",
      isSelfHostedEnv(env())
        ? "This installation is self-hosted: it runs on a license, with no payment provider."
        : "Payments are not configured on this server.",
    );
  return client;
}

/** Background work's request budget: STRIPE_BACKGROUND_REQUESTS_PER_SECOND, else 20/s in test mode and 80/s live (Stripe's limits are 25 and 100). */
export function backgroundRequestsPerSecond(): number {
  const { STRIPE_BACKGROUND_REQUESTS_PER_SECOND, STRIPE_SECRET_KEY } = env();
  if (STRIPE_BACKGROUND_REQUESTS_PER_SECOND) return STRIPE_BACKGROUND_REQUESTS_PER_SECOND;
  return STRIPE_SECRET_KEY && /^(sk|rk)_live_/.test(STRIPE_SECRET_KEY) ? 80 : 20;
}
