// The one money formatter: app pages, emails and the console all show amounts through it.

/** An amount in the currency's minor units (cents; yen have none), as a person reads it: the digits come from Intl. */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/**
 * An amount a person typed ("12.50", "$1,200") in minor units of a two-decimal currency, exactly (no floating point);
 * null when it isn't one.
 */
export function parseMoney(text: string): number | null {
  const match = /^\s*\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]!.replace(/,/g, "")) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}
