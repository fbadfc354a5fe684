import type { Stored, Tx } from "../store/store";

export const DAY = 86_400;

type Clocked = Stored & { test_clock?: string | null };

/** The time a customer lives in: their test clock's frozen time, or the real clock. */
export function nowFor(tx: Tx, customerId: string | null | undefined, realNow: number): number {
  if (!customerId) return realNow;
  const customer = tx.get<Clocked>(customerId);
  if (!customer?.test_clock) return realNow;
  const clock = tx.get<Stored & { frozen_time: number }>(customer.test_clock);
  return clock?.frozen_time ?? realNow;
}

/**
 * The end of a billing period that starts at `start`, Stripe-style: calendar
 * months and years keep the anchor's day of month, clamped to short months.
 */
export function addInterval(start: number, interval: "day" | "week" | "month" | "year", count: number, anchor = start): number {
  if (interval === "day") return start + count * DAY;
  if (interval === "week") return start + count * 7 * DAY;
  const from = new Date(start * 1000);
  const anchorDay = new Date(anchor * 1000).getUTCDate();
  const months = interval === "month" ? count : count * 12;
  const target = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(anchorDay, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** The share of [start, end) still ahead at `at`, as Stripe prorates: by the second. */
export function remainingShare(start: number, end: number, at: number): number {
  if (end <= start) return 0;
  return Math.min(1, Math.max(0, (end - at) / (end - start)));
}
