import { describe, expect, it } from "vitest";
import { priceAfterDiscount } from "./discount";

const coupon = (over: Partial<Parameters<typeof priceAfterDiscount>[1] & object> = {}) => ({
  name: "LAUNCH",
  percentOff: 20,
  amountOff: null,
  currency: null,
  duration: "forever",
  end: null,
  ...over,
});
const at = new Date("2027-01-01T00:00:00Z");

describe("the next invoice after a discount", () => {
  it("takes a percentage or an amount off, never below zero", () => {
    expect(priceAfterDiscount(4900, coupon(), { invoiceAt: at, firstInvoiceAhead: false })).toBe(3920);
    expect(
      priceAfterDiscount(4900, coupon({ percentOff: null, amountOff: 1000, currency: "usd" }), { invoiceAt: at, firstInvoiceAhead: false }),
    ).toBe(3900);
    expect(
      priceAfterDiscount(4900, coupon({ percentOff: null, amountOff: 10_000, currency: "usd" }), {
        invoiceAt: at,
        firstInvoiceAhead: false,
      }),
    ).toBe(0);
    expect(priceAfterDiscount(4900, null, { invoiceAt: at, firstInvoiceAhead: false })).toBe(4900);
  });

  it("applies a once coupon only while the first invoice is ahead, and a repeating one until it ends", () => {
    expect(priceAfterDiscount(4900, coupon({ duration: "once" }), { invoiceAt: at, firstInvoiceAhead: true })).toBe(3920);
    expect(priceAfterDiscount(4900, coupon({ duration: "once" }), { invoiceAt: at, firstInvoiceAhead: false })).toBe(4900);
    expect(
      priceAfterDiscount(4900, coupon({ duration: "repeating", end: "2027-02-01T00:00:00Z" }), { invoiceAt: at, firstInvoiceAhead: false }),
    ).toBe(3920);
    expect(
      priceAfterDiscount(4900, coupon({ duration: "repeating", end: "2026-12-01T00:00:00Z" }), { invoiceAt: at, firstInvoiceAhead: false }),
    ).toBe(4900);
  });
});
