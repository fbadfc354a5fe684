import type Stripe from "stripe";
import type { Stored, Tx } from "../store/store";

export type Coupon = Stripe.Coupon & Stored;
export type PromotionCode = Stripe.PromotionCode & Stored;

/** The active promotion code with this customer-facing code, if any. */
export function findPromotionCode(tx: Tx, code: string, now: number): PromotionCode | undefined {
  return tx
    .all<PromotionCode>("promotion_code")
    .find(
      (pc) =>
        pc.code.toUpperCase() === code.toUpperCase() &&
        pc.active &&
        (pc.expires_at === null || pc.expires_at > now) &&
        (pc.max_redemptions === null || pc.times_redeemed < pc.max_redemptions),
    );
}
