// The one money formatter: app pages, emails and the console all show amounts through it.

/** An amount in the currency's minor units (cents; yen have none), as a person reads it: the digits come from Intl. */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
