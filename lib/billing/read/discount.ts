import type { DiscountSummary } from "@/lib/stripe/objects";

/**
 * What a plan price comes to on the next invoice after the subscription's discount: a `once` coupon
 * only covers the first invoice (still ahead during a trial), a `repeating` one runs until its end.
 */
export function priceAfterDiscount(
  cents: number,
  discount: DiscountSummary | null,
  opts: { invoiceAt: Date | null; firstInvoiceAhead: boolean },
): number {
  if (!discount) return cents;
  if (discount.duration === "once" && !opts.firstInvoiceAhead) return cents;
  if (discount.end && opts.invoiceAt && new Date(discount.end) <= opts.invoiceAt) return cents;
  const off = discount.percentOff !== null ? Math.round((cents * discount.percentOff) / 100) : (discount.amountOff ?? 0);
  return Math.max(0, cents - off);
}
