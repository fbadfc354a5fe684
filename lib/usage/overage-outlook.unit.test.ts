import { describe, expect, it } from "vitest";
import { overageOutlook } from "./overage-outlook";

const period = { periodStart: new Date("2026-12-01T00:00:00Z"), periodEnd: new Date("2026-12-31T00:00:00Z") };
const tenDaysIn = new Date("2026-12-11T00:00:00Z");
const metered = { mode: "metered" as const, capCents: null, runPriceCents: 10 };

describe("the overage outlook", () => {
  it("prices the runs beyond the allowance and projects the period's pace to its end", () => {
    expect(overageOutlook(metered, { used: 2400, allowed: 2000, ...period }, tenDaysIn)).toEqual({
      mode: "metered",
      overageRuns: 400,
      overageCents: 4000,
      projectedRuns: 7200,
      projectedCents: 52_000,
      capCents: null,
      runPriceCents: 10,
    });
  });

  it("stops the projection at the last run the cap lets through", () => {
    const outlook = overageOutlook({ ...metered, capCents: 10_005 }, { used: 2400, allowed: 2000, ...period }, tenDaysIn);
    expect(outlook.projectedCents).toBe(10_000);
  });

  it("costs nothing with credits or a stop, and projects the runs so far within the period's first hour", () => {
    const early = new Date(period.periodStart.getTime() + 60_000);
    expect(overageOutlook({ ...metered, mode: "credits" }, { used: 30, allowed: 20, ...period }, early)).toMatchObject({
      overageRuns: 10,
      overageCents: 0,
      projectedRuns: 30,
      projectedCents: 0,
    });
  });
});
