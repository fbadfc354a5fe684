import "server-only";
import type Stripe from "stripe";
import { requireStripe } from "@/lib/stripe/client";

/** Stripe's current state of a subscription, with what the mirror needs expanded; null once Stripe has no such subscription. */
export async function retrieveSubscription(id: string): Promise<Stripe.Subscription | null> {
  try {
    return await requireStripe().subscriptions.retrieve(id, {
      expand: ["default_payment_method", "latest_invoice", "discounts.source.coupon"],
    });
  } catch (err) {
    if ((err as { code?: string }).code === "resource_missing") return null;
    throw err;
  }
}
