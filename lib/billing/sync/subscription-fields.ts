import type Stripe from "stripe";
import { Prisma } from "@/lib/generated/prisma/client";
import { KEEP_PLAN_KEY, KEEP_UNTIL_KEY } from "./keep-plan";
import { cardOf, discountOf, fromUnix, meteredItemOf, periodOf, planItemOf } from "@/lib/stripe/objects";

/** The columns of Tollgate's Subscription row that come straight from Stripe's subscription, and its card (with fingerprint). */
export function subscriptionFields(sub: Stripe.Subscription, planCode: string) {
  const item = planItemOf(sub)!;
  const metered = meteredItemOf(sub);
  const period = periodOf(sub);
  const card = cardOf(sub.default_payment_method as Stripe.PaymentMethod | string | null);
  const keepUntil = Number(sub.metadata?.[KEEP_UNTIL_KEY]);
  // A seat increase whose charge was declined waits on Stripe as a pending update until its invoice is paid.
  const pending = sub.pending_update?.subscription_items?.find((i) => i.id === item.id) ?? null;
  const fields = {
    status: sub.status,
    planCode,
    interval: item.price.recurring?.interval ?? "month",
    stripePriceId: item.price.id,
    stripeItemId: item.id,
    stripeMeteredItemId: metered?.id ?? null,
    stripeMeteredPriceId: metered?.price.id ?? null,
    quantity: item.quantity ?? 1,
    pendingQuantity: pending?.quantity ?? null,
    pendingUpdateExpiresAt: pending ? fromUnix(sub.pending_update!.expires_at) : null,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: fromUnix(sub.cancel_at),
    canceledAt: fromUnix(sub.canceled_at),
    trialStart: fromUnix(sub.trial_start),
    trialEnd: fromUnix(sub.trial_end),
    keepPlanCode: sub.metadata?.[KEEP_PLAN_KEY] || null,
    keepPlanUntil: keepUntil ? new Date(keepUntil * 1000) : null,
    paymentMethod: card ? { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear } : undefined,
    discount: discountOf(sub) ?? Prisma.DbNull,
  };
  return { fields, card };
}

/** When the unpaid invoice fell due, on Stripe's clock (a test clock's, in tests): the grace period counts from there. */
export function dueSince(sub: Stripe.Subscription): Date | null {
  const invoice = sub.latest_invoice;
  if (!invoice || typeof invoice === "string") return null;
  return fromUnix(invoice.status_transitions?.finalized_at ?? invoice.created);
}
