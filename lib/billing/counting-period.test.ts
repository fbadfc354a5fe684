import { describe, expect, it } from "vitest";
import { calendarMonth, countingPeriod } from "./counting-period";

const at = (iso: string) => new Date(iso);

describe("the period runs are counted in", () => {
  it("is the calendar month on Free", () => {
    expect(countingPeriod(null, at("2026-11-23T12:00:00Z"))).toEqual({ start: at("2026-11-01T00:00:00Z"), end: at("2026-12-01T00:00:00Z") });
    expect(calendarMonth(at("2026-12-31T23:59:59Z")).end).toEqual(at("2027-01-01T00:00:00Z"));
  });

  it("is the subscription's period while it lasts", () => {
    const sub = { currentPeriodStart: at("2026-11-10T00:00:00Z"), currentPeriodEnd: at("2026-12-10T00:00:00Z"), interval: "month" };
    expect(countingPeriod(sub, at("2026-11-23T00:00:00Z"))).toEqual({ start: sub.currentPeriodStart, end: sub.currentPeriodEnd });
  });

  it("starts at the old end once it has passed, a month or a year on, however far behind the renewal is", () => {
    const monthly = { currentPeriodStart: at("2026-10-10T00:00:00Z"), currentPeriodEnd: at("2026-11-10T00:00:00Z"), interval: "month" };
    expect(countingPeriod(monthly, at("2026-11-10T00:00:00Z"))).toEqual({ start: at("2026-11-10T00:00:00Z"), end: at("2026-12-10T00:00:00Z") });
    expect(countingPeriod(monthly, at("2027-01-15T00:00:00Z"))).toEqual({ start: at("2027-01-10T00:00:00Z"), end: at("2027-02-10T00:00:00Z") });
    const yearly = { currentPeriodStart: at("2025-11-10T00:00:00Z"), currentPeriodEnd: at("2026-11-10T00:00:00Z"), interval: "year" };
    expect(countingPeriod(yearly, at("2026-11-23T00:00:00Z"))).toEqual({ start: at("2026-11-10T00:00:00Z"), end: at("2027-11-10T00:00:00Z") });
  });
});
