// The period runs are counted in: a paid subscription's billing period, or the calendar month (UTC) on Free.
import { UTCDate } from "@date-fns/utc";
import { addMonths, addYears, startOfMonth } from "date-fns";

export type Period = { start: Date; end: Date };
type Subscribed = { currentPeriodStart: Date; currentPeriodEnd: Date; interval: string };

export function calendarMonth(now: Date): Period {
  const start = startOfMonth(new UTCDate(now));
  return { start: new Date(start), end: new Date(addMonths(start, 1)) };
}

/**
 * Stripe's billing anchor: whole months or years from `anchor`, clamped to the month's last day
 * (Jan 31 + 1 month = Feb 28, or 29 in a leap year). Always counted from the anchor, never by
 * chaining, so Jan 31 + 2 months is Mar 31, not Mar 28.
 */
export function addBillingIntervals(anchor: Date, interval: string, count: number): Date {
  const utc = new UTCDate(anchor);
  return new Date(interval === "year" ? addYears(utc, count) : addMonths(utc, count));
}

/**
 * Past the subscription's period end, before the renewal's webhook has brought the new period, the
 * next period is projected from the old end. Runs after the boundary then count toward the new period,
 * in the counter the renewal will name (Stripe starts the new period exactly at the old end), so none
 * is lost or counted twice. Only the start keys the counter; the projected end is a bound for seeding.
 */
export function countingPeriod(sub: Subscribed | null, now: Date): Period {
  if (!sub) return calendarMonth(now);
  let start = sub.currentPeriodStart;
  let end = sub.currentPeriodEnd;
  // The anchor day is whichever bound was not clamped (Jan 31 → Feb 28 is anchored on the 31st).
  const anchoredOnStart = start.getUTCDate() > end.getUTCDate();
  const anchor = anchoredOnStart ? start : end;
  for (let i = anchoredOnStart ? 2 : 1; now >= end && i <= 1200; i++) {
    start = end;
    end = addBillingIntervals(anchor, sub.interval, i);
  }
  return { start, end };
}
