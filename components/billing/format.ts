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
