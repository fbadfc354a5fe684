import "server-only";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { idOf } from "@/lib/stripe/objects";

/**
 * The payment method the org pays its plan with, read from Stripe now (never named by the browser): the plan
 * subscription's own, else the customer's default. Null when there is none.
 */
export async function cardOnFile(orgId: string): Promise<string | null> {
  const [org, subs] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { stripeCustomerId: true } }),
    db.subscription.findMany({ where: { orgId }, select: { stripeSubscriptionId: true, status: true, createdAt: true } }),
  ]);
  if (!org.stripeCustomerId) return null;
  const stripe = requireStripe();
  const plan = governingSubscription(subs);
  if (plan) {
    const sub = await stripe.subscriptions.retrieve(plan.stripeSubscriptionId);
    const own = idOf(sub.default_payment_method as string | { id: string } | null);
    if (own) return own;
  }
  const customer = await stripe.customers.retrieve(org.stripeCustomerId);
  if (customer.deleted) return null;
  return idOf(customer.invoice_settings.default_payment_method as string | { id: string } | null) ?? null;
}
