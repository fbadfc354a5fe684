import "server-only";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { ensureStripeCustomer } from "../../lib/customers/ensure-customer";
import { startingQuantity } from "@/lib/billing/seats/sync-seat-quantity";
import { syncSubscription } from "../../lib/billing/sync/subscription";

/**
 * Puts a demo org on a paid plan through Stripe (a real subscription paid with the
 * 4242 test card), once: an org that already has a subscription is left alone.
 */
export async function ensureDemoSubscription(slug: string, planCode: string): Promise<string | null> {
  const org = await db.organization.findUnique({ where: { slug }, select: { id: true } });
  if (!org) return null;
  const existing = await db.subscription.findFirst({ where: { orgId: org.id }, select: { stripeSubscriptionId: true } });
  if (existing) return existing.stripeSubscriptionId;
  const plan = await db.plan.findUniqueOrThrow({ where: { code: planCode } });
  if (!plan.stripeMonthlyPriceId) throw new Error(`${planCode} has no Stripe price; run catalog sync first`);
  const stripe = requireStripe();
  const customer = await ensureStripeCustomer(org.id);
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer }, { idempotencyKey: `tollgate-demo-card-${org.id}` });
  const sub = await stripe.subscriptions.create(
    {
      customer,
      items: [{ price: plan.stripeMonthlyPriceId, quantity: await startingQuantity(org.id, planCode) }],
      default_payment_method: card.id,
      metadata: { orgId: org.id, planCode },
    },
    { idempotencyKey: `tollgate-demo-subscription-${org.id}` },
  );
  await db.organization.update({ where: { id: org.id }, data: { trialUsedAt: new Date() } });
  await syncSubscription(sub.id, { cause: causedBySystem("demo-seed") });
  return sub.id;
}
