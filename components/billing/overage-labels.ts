// What each overage mode is called on the billing page: the admin's choices and what members read. A plain module, so
// the page (a server component) reads the same text the form (a client component) shows.
export type OverageMode = "credits" | "metered" | "stop";

export const OVERAGE_LABELS: Record<OverageMode, string> = {
  credits: "Pay with credits (10 credits a run)",
  metered: "Pay as you go (billed on the next invoice)",
  stop: "Stop at the allowance (runs are refused until the next period)",
};
