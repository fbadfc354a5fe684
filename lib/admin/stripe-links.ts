import "server-only";
import { env } from "@/lib/env";

type Kind = "customers" | "subscriptions" | "invoices" | "payments" | "events";

/** Where an operator sees a Stripe object: Stripe's dashboard (test or live by the key), or the local emulator's. */
export function stripeObjectUrl(kind: Kind, id: string): string {
  const { STRIPE_API_BASE, STRIPE_SECRET_KEY } = env();
  if (STRIPE_API_BASE) return `${STRIPE_API_BASE.replace(/\/$/, "")}/?tab=${kind}#${encodeURIComponent(id)}`;
  const mode = STRIPE_SECRET_KEY?.startsWith("sk_live_") || STRIPE_SECRET_KEY?.startsWith("rk_live_") ? "" : "test/";
  return `https://dashboard.stripe.com/${mode}${kind}/${encodeURIComponent(id)}`;
}
