import type { z } from "zod";
import { invalidRequest } from "../http/errors";
import { ApiContext } from "../http/router";
import { Price } from "./catalog";
import { mustGet } from "./common";
import { createDiscount } from "./discount-rules";
import { PromotionCode, findPromotionCode, Coupon } from "./discounts";
import { Ctx } from "./disputes";
import { attemptInvoicePayment } from "./invoice-collection";
import { createPaymentIntent } from "./payment-intents";
import { PaymentMethod, attachPaymentMethod } from "./payment-methods";
import { discountParam } from "./subscription-params";

// Resolving what a create or an update names: prices, discounts, the payment method, the first invoice's intent.
export function recurringPrice(ctx: ApiContext, id: string, param: string): Price {
  const price = mustGet<Price>(ctx.tx, "price", id, "price", param);
  if (!price.recurring)
    throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, {
      param,
    });
  if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param });
  return price;
}

export const isMetered = (price: Pick<Price, "recurring">) => price.recurring?.usage_type === "metered";

/** An item's quantity: what was asked (or `fallback`), none at all for a metered price, which refuses one as Stripe does. */
export function itemQuantity(price: Price, asked: number | undefined, fallback: number, param: string): number | null {
  if (!isMetered(price)) return asked ?? fallback;
  if (asked !== undefined)
    throw invalidRequest("Quantity should not be specified where usage_type is `metered`. Remove quantity from the item.", { param });
  return null;
}

export function resolveDiscounts(
  ctx: ApiContext,
  customer: string,
  subscription: string,
  p: { discounts?: "" | z.infer<typeof discountParam>[]; coupon?: string; promotion_code?: string },
  at: number,
): string[] | undefined {
  const wanted =
    p.discounts === ""
      ? []
      : (p.discounts ?? (p.coupon || p.promotion_code ? [{ coupon: p.coupon, promotion_code: p.promotion_code }] : undefined));
  if (wanted === undefined) return undefined;
  return wanted.map((d, i) => {
    if (d.discount) return d.discount;
    let promo: PromotionCode | undefined;
    if (d.promotion_code) {
      promo = ctx.tx.get<PromotionCode>(d.promotion_code) ?? findPromotionCode(ctx.tx, d.promotion_code, at);
      if (!promo || promo.object !== "promotion_code" || !promo.active)
        throw invalidRequest(`No such promotion code: '${d.promotion_code}'`, {
          param: `discounts[${i}][promotion_code]`,
          code: "resource_missing",
          status: 404,
        });
    }
    const coupon = mustGet<Coupon>(
      ctx.tx,
      "coupon",
      promo ? (promo.promotion.coupon as string) : d.coupon!,
      "coupon",
      `discounts[${i}][coupon]`,
    );
    return createDiscount(ctx.tx, { coupon, customer, subscription, promotionCode: promo?.id ?? null, start: at }).id;
  });
}

export function defaultPaymentMethod(ctx: ApiContext, customer: string, value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === "") return null;
  const pm = ctx.tx.get<PaymentMethod>(value);
  if (pm?.object === "payment_method" && pm.customer === customer) return pm.id;
  return attachPaymentMethod(ctx, value, customer).id;
}

/** Creates the invoice's payment intent without confirming it (payment_behavior=default_incomplete). */
export function attemptInvoicePrepareOnly(ctx: Ctx, invoiceId: string, at: number): void {
  const invoice = ctx.tx.get<Parameters<typeof attemptInvoicePayment>[1]>(invoiceId)!;
  const intent = createPaymentIntent(
    { ...ctx, now: at },
    {
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      customer: invoice.customer as string,
      payment_method_types: ["card"],
      description: `Invoice ${invoice.number}`,
    },
  );
  ctx.tx.put({ id: `invpay_${intent.id}`, object: "emulator.invoice_payment", invoice: invoice.id, payment_intent: intent.id });
  ctx.tx.put({ ...invoice, confirmation_secret: { client_secret: intent.client_secret!, type: "payment_intent" } } as typeof invoice);
}
