/** A date as emails show it: in UTC, so every recipient reads the same day. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

/** Why an owner or the billing contact gets a billing email. */
export const billingClosing = (orgName: string) => `You get this email as an owner or the billing contact of ${orgName} on Tollgate.`;
