import type Stripe from "stripe";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import type { Coupon } from "./discounts";

export type Discount = Stripe.Discount & Stored;
type Usage = Stored & { object: "emulator.discount_usage"; invoices: number };

const usageId = (discountId: string) => `dusage_${discountId}`;

export function createDiscount(
  tx: Tx,
  opts: {
    coupon: Coupon;
    customer: string;
    subscription: string | null;
    promotionCode: string | null;
    checkoutSession?: string | null;
    start: number;
  },
): Discount {
  const end =
    opts.coupon.duration === "repeating" && opts.coupon.duration_in_months
      ? opts.start + opts.coupon.duration_in_months * 30 * 86_400
      : null;
  const discount = {
    id: newId("di"),
    object: "discount",
    checkout_session: opts.checkoutSession ?? null,
    customer: opts.customer,
    customer_account: null,
    end,
    invoice: null,
    invoice_item: null,
    promotion_code: opts.promotionCode,
    source: { coupon: opts.coupon.id, type: "coupon" },
    start: opts.start,
    subscription: opts.subscription,
    subscription_item: null,
  } as unknown as Discount;
  tx.put(discount);
  tx.put({ ...opts.coupon, times_redeemed: opts.coupon.times_redeemed + 1 });
  if (opts.promotionCode) {
    const promo = tx.get<Stored & { times_redeemed: number }>(opts.promotionCode);
    if (promo) tx.put({ ...promo, times_redeemed: promo.times_redeemed + 1 });
  }
  return discount;
}

/** Whether a discount applies to an invoice dated `at`: once → first invoice only; repeating → until its end; forever. */
export function discountApplies(tx: Tx, discount: Discount, coupon: Coupon, at: number): boolean {
  if (coupon.duration === "once") return (tx.get<Usage>(usageId(discount.id))?.invoices ?? 0) === 0;
  if (coupon.duration === "repeating") return discount.end === null || at < discount.end;
  return true;
}

export function recordDiscountUse(tx: Tx, discountId: string): void {
  const usage = tx.get<Usage>(usageId(discountId));
  tx.put<Usage>({ id: usageId(discountId), object: "emulator.discount_usage", invoices: (usage?.invoices ?? 0) + 1 });
}

/** The amount a coupon takes off a subtotal. */
export function discountAmount(coupon: Coupon, subtotal: number): number {
  if (subtotal <= 0) return 0;
  if (coupon.percent_off !== null) return Math.round((subtotal * coupon.percent_off) / 100);
  return Math.min(subtotal, coupon.amount_off ?? 0);
}
