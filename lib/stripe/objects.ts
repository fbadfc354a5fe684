import type Stripe from "stripe";

// Small readers over Stripe objects whose shape moved between API versions.

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

export const fromUnix = (seconds: number | null | undefined): Date | null => (seconds == null ? null : new Date(seconds * 1000));

/**
 * The item a subscription is for: its plan's (or add-on's) licensed price. A metered item beside it bills usage in
 * arrears and says nothing of the plan, whichever place Stripe lists it in.
 */
export function planItemOf(sub: Stripe.Subscription): Stripe.SubscriptionItem | undefined {
  return sub.items.data.find((item) => item.price.recurring?.usage_type !== "metered") ?? sub.items.data[0];
}

/** The item billing usage in arrears through a metered price (runs beyond the allowance, pay as you go), if any. */
export function meteredItemOf(sub: Stripe.Subscription): Stripe.SubscriptionItem | undefined {
  return sub.items.data.find((item) => item.price.recurring?.usage_type === "metered");
}

/** Since 2025 the billing period lives on the subscription's items. */
export function periodOf(sub: Stripe.Subscription): { start: Date | null; end: Date | null } {
  const item = planItemOf(sub) as (Stripe.SubscriptionItem & { current_period_start?: number; current_period_end?: number }) | undefined;
  const legacy = sub as unknown as { current_period_start?: number; current_period_end?: number };
  return {
    start: fromUnix(item?.current_period_start ?? legacy.current_period_start),
    end: fromUnix(item?.current_period_end ?? legacy.current_period_end),
  };
}

export function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  const parent = invoice.parent?.subscription_details?.subscription;
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
  return idOf(parent ?? legacy ?? null);
}

export type CardSummary = { brand: string; last4: string; expMonth: number; expYear: number; fingerprint: string | null };

export function cardOf(pm: string | Stripe.PaymentMethod | null | undefined): CardSummary | null {
  if (!pm || typeof pm === "string" || !pm.card) return null;
  return {
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
    fingerprint: pm.card.fingerprint ?? null,
  };
}

export type DiscountSummary = {
  name: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: string;
  end: string | null;
};

/** The subscription's first discount, read from `expand: ["discounts.source.coupon"]`. */
export function discountOf(sub: Stripe.Subscription): DiscountSummary | null {
  const discount = (sub.discounts ?? []).find((d): d is Stripe.Discount => typeof d !== "string");
  const coupon = discount?.source?.coupon;
  if (!discount || !coupon || typeof coupon === "string") return null;
  return {
    name: coupon.name ?? coupon.id,
    percentOff: coupon.percent_off ?? null,
    amountOff: coupon.amount_off ?? null,
    currency: coupon.currency ?? null,
    duration: coupon.duration,
    end: fromUnix(discount.end)?.toISOString() ?? null,
  };
}
