import { describe, expect, it } from "vitest";
import { addBillingIntervals, calendarMonth, countingPeriod } from "./counting-period";

const at = (iso: string) => new Date(iso);

describe("the period runs are counted in", () => {
  it("is the calendar month on Free", () => {
    expect(countingPeriod(null, at("2026-11-23T12:00:00Z"))).toEqual({
      start: at("2026-11-01T00:00:00Z"),
      end: at("2026-12-01T00:00:00Z"),
    });
    expect(calendarMonth(at("2026-12-31T23:59:59Z")).end).toEqual(at("2027-01-01T00:00:00Z"));
  });

  it("is the subscription's period while it lasts", () => {
    const sub = { currentPeriodStart: at("2026-11-10T00:00:00Z"), currentPeriodEnd: at("2026-12-10T00:00:00Z"), interval: "month" };
    expect(countingPeriod(sub, at("2026-11-23T00:00:00Z"))).toEqual({ start: sub.currentPeriodStart, end: sub.currentPeriodEnd });
  });

  it("starts at the old end once it has passed, a month or a year on, however far behind the renewal is", () => {
    const monthly = { currentPeriodStart: at("2026-10-10T00:00:00Z"), currentPeriodEnd: at("2026-11-10T00:00:00Z"), interval: "month" };
    expect(countingPeriod(monthly, at("2026-11-10T00:00:00Z"))).toEqual({
      start: at("2026-11-10T00:00:00Z"),
      end: at("2026-12-10T00:00:00Z"),
    });
    expect(countingPeriod(monthly, at("2027-01-15T00:00:00Z"))).toEqual({
      start: at("2027-01-10T00:00:00Z"),
      end: at("2027-02-10T00:00:00Z"),
    });
    const yearly = { currentPeriodStart: at("2025-11-10T00:00:00Z"), currentPeriodEnd: at("2026-11-10T00:00:00Z"), interval: "year" };
    expect(countingPeriod(yearly, at("2026-11-23T00:00:00Z"))).toEqual({
      start: at("2026-11-10T00:00:00Z"),
      end: at("2027-11-10T00:00:00Z"),
    });
  });
});

describe("month arithmetic at month ends", () => {
  it("clamps to the last day of a shorter month, as Stripe does, and keeps the anchor day afterwards", () => {
    expect(addBillingIntervals(at("2027-01-31T09:00:00Z"), "month", 1)).toEqual(at("2027-02-28T09:00:00Z"));
    expect(addBillingIntervals(at("2028-01-31T09:00:00Z"), "month", 1)).toEqual(at("2028-02-29T09:00:00Z"));
    expect(addBillingIntervals(at("2027-01-31T09:00:00Z"), "month", 2)).toEqual(at("2027-03-31T09:00:00Z"));
    expect(addBillingIntervals(at("2026-08-31T00:00:00Z"), "month", 1)).toEqual(at("2026-09-30T00:00:00Z"));
    expect(addBillingIntervals(at("2028-02-29T00:00:00Z"), "year", 1)).toEqual(at("2029-02-28T00:00:00Z"));
  });

  it("projects the period after a clamped one back onto the anchor day", () => {
    const jan31 = { currentPeriodStart: at("2026-12-31T00:00:00Z"), currentPeriodEnd: at("2027-01-31T00:00:00Z"), interval: "month" };
    expect(countingPeriod(jan31, at("2027-02-01T00:00:00Z"))).toEqual({
      start: at("2027-01-31T00:00:00Z"),
      end: at("2027-02-28T00:00:00Z"),
    });
    expect(countingPeriod(jan31, at("2027-03-01T00:00:00Z"))).toEqual({
      start: at("2027-02-28T00:00:00Z"),
      end: at("2027-03-31T00:00:00Z"),
    });
    const feb = { currentPeriodStart: at("2027-01-31T00:00:00Z"), currentPeriodEnd: at("2027-02-28T00:00:00Z"), interval: "month" };
    expect(countingPeriod(feb, at("2027-03-01T00:00:00Z"))).toEqual({ start: at("2027-02-28T00:00:00Z"), end: at("2027-03-31T00:00:00Z") });
  });
});
