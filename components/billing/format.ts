import { differenceInHours } from "date-fns";
import { formatMoney } from "@/lib/money";

/** Money and dates as the billing page shows them: amounts in minor units (USD unless said), dates in UTC. */
export const money = (minor: number, currency = "usd") => formatMoney(minor, currency);

export const day = (iso: string | Date | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }) : "—";

export const daysUntil = (iso: string, now = Date.now()) =>
  Math.max(0, Math.ceil(differenceInHours(new Date(iso), now, { roundingMethod: "ceil" }) / 24));

const LEDGER_LABELS: Record<string, string> = { topup: "Top-up", usage: "Run beyond the plan", refund: "Refund", adjustment: "Adjustment" };

/** How a credit ledger entry's reason reads on the page. */
export const ledgerLabel = (reason: string) => LEDGER_LABELS[reason] ?? reason;

/** What a plan's price is for: "/month", or "/seat/month" on a per-seat plan. */
export const pricePer = (plan: { pricing?: string }, interval: string) =>
  `${plan.pricing === "per_seat" ? "/seat" : ""}/${interval === "year" ? "year" : "month"}`;

/** The minimum a per-seat plan bills, in words ("billed for at least 3 seats"), or nothing. */
export const seatMinimum = (plan: { pricing?: string; minSeats?: number }) =>
  plan.pricing === "per_seat" && (plan.minSeats ?? 1) > 1 ? `Billed for at least ${plan.minSeats} seats` : "";
