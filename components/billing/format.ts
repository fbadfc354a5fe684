/** Money and dates as the billing page shows them (USD, UTC dates). */
export const money = (cents: number, currency = "usd") =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);

export const day = (iso: string | Date | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }) : "—";

export const daysUntil = (iso: string, now = Date.now()) => Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 86_400_000));

const LEDGER_LABELS: Record<string, string> = { topup: "Top-up", usage: "Run beyond the plan", refund: "Refund", adjustment: "Adjustment" };

/** How a credit ledger entry's reason reads on the page. */
export const ledgerLabel = (reason: string) => LEDGER_LABELS[reason] ?? reason;
