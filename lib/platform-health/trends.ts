import { utc } from "@date-fns/utc";
import { differenceInCalendarDays } from "date-fns";
// Growth of each platform figure over a window of daily snapshots, and where it is heading.

const TREND_METRICS = [
  "orgsTotal",
  "orgsActive",
  "orgsTrialing",
  "orgsPastDue",
  "subscriptions",
  "projects",
  "seats",
  "runsThisPeriod",
  "creditsOutstanding",
  "mrrCents",
  "meteredCents",
] as const;
type TrendMetric = (typeof TREND_METRICS)[number];

export type SnapshotPoint = { day: Date } & Record<TrendMetric, number>;

export type Trend = {
  start_value: number | null;
  current_value: number | null;
  change: number | null;
  /** change / start, in percent */
  growth_rate_percent: number | null;
  /** the compound daily rate that turns start into current over the window, in percent */
  daily_growth_rate_percent: number | null;
  /** current grown 30 more days at the daily rate; linear (the mean daily change) when start is 0 */
  projection_30d: number | null;
};

export type Trends = { days: number; from: string | null; to: string | null; snapshots: number; metrics: Record<TrendMetric, Trend> };

const round2 = (n: number) => Math.round(n * 100) / 100;
const EMPTY: Trend = {
  start_value: null,
  current_value: null,
  change: null,
  growth_rate_percent: null,
  daily_growth_rate_percent: null,
  projection_30d: null,
};

export function trendOf(start: number, current: number, elapsedDays: number): Trend {
  const change = current - start;
  const daily = start > 0 && current > 0 && elapsedDays > 0 ? Math.pow(current / start, 1 / elapsedDays) - 1 : null;
  const projection =
    daily !== null ? current * Math.pow(1 + daily, 30) : elapsedDays > 0 ? Math.max(0, current + (change / elapsedDays) * 30) : current;
  return {
    start_value: start,
    current_value: current,
    change,
    growth_rate_percent: start > 0 ? round2((change / start) * 100) : null,
    daily_growth_rate_percent: daily === null ? null : round2(daily * 100),
    projection_30d: Math.round(projection),
  };
}

/** Trends between the first and the last snapshot of the window (ordered by day); fewer than two give no trend. */
export function trendsFrom(points: SnapshotPoint[], days: number): Trends {
  const first = points[0];
  const last = points.at(-1);
  const elapsed = first && last ? differenceInCalendarDays(last.day, first.day, { in: utc }) : 0;
  const metrics = Object.fromEntries(
    TREND_METRICS.map((metric) => [metric, first && last && points.length > 1 ? trendOf(first[metric], last[metric], elapsed) : EMPTY]),
  ) as Record<TrendMetric, Trend>;
  return {
    days,
    from: first ? first.day.toISOString().slice(0, 10) : null,
    to: last ? last.day.toISOString().slice(0, 10) : null,
    snapshots: points.length,
    metrics,
  };
}
