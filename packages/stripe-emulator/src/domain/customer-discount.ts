// A discount on the customer itself, set with `coupon` on customer create or update: what API versions before the
// pinned one allow (the Stripe CLI's customer.discount.* fixtures use it; see http/api-version.ts). It applies to the
// customer's invoices that carry no subscription discount of their own.
import { createDiscount, type Discount } from "./discount-rules";
import type { DomainContext } from "../http/router";
import type { Stored } from "../store/store";
import { mustGet } from "./common";
import type { Coupon } from "./discounts";

type Ctx = DomainContext;
type WithDiscount = Stored & { discount: Discount | null };

/** Sets (a coupon id), replaces or removes ("") the customer's discount, with Stripe's customer.discount.* events. */
export function setCustomerCoupon(ctx: Ctx, customer: WithDiscount, coupon: string): WithDiscount {
  const before = customer.discount;
  if (coupon === "") {
    if (!before) return customer;
    ctx.tx.delete(before.id);
    ctx.emit("customer.discount.deleted", before);
    return { ...customer, discount: null };
  }
  const found = mustGet<Coupon>(ctx.tx, "coupon", coupon, "coupon", "coupon");
  const discount = createDiscount(ctx.tx, {
    coupon: found,
    customer: customer.id,
    subscription: null,
    promotionCode: null,
    start: ctx.now,
  });
  if (before) {
    ctx.tx.delete(before.id);
    ctx.emit("customer.discount.updated", discount, { source: before.source, start: before.start });
  } else ctx.emit("customer.discount.created", discount);
  return { ...customer, discount };
}
