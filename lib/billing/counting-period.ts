// The period runs are counted in: a paid subscription's billing period, or the calendar month (UTC) on Free.

export type Period = { start: Date; end: Date };
type Subscribed = { currentPeriodStart: Date; currentPeriodEnd: Date; interval: string };

export function calendarMonth(now: Date): Period {
  return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
}

const addInterval = (at: Date, interval: string) => {
  const next = new Date(at);
  if (interval === "year") next.setUTCFullYear(next.getUTCFullYear() + 1);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
};

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
  for (let i = 0; now >= end && i < 1200; i++) {
    start = end;
    end = addInterval(end, sub.interval);
  }
  return { start, end };
}
