import { describe, expect, it } from "vitest";
import { canBuyCredits } from "./credits-rule";

describe("who may buy credits", () => {
  it("a paid plan, paying or on its trial", () => {
    expect(canBuyCredits("active", "team")).toBe(true);
    expect(canBuyCredits("trialing", "team")).toBe(true);
    expect(canBuyCredits("trialing", "business")).toBe(true);
  });

  it("not Free, and not a plan past due, unpaid or ended", () => {
    expect(canBuyCredits(null, "free")).toBe(false);
    expect(canBuyCredits("active", "free")).toBe(false);
    for (const status of ["past_due", "unpaid", "canceled", "incomplete", "paused"]) expect(canBuyCredits(status, "team")).toBe(false);
  });
});
