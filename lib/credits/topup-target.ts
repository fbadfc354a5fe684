// What a top-up should have put on the balance, from Tollgate's record of it and Stripe's current state.

/** PaymentIntents that pay invoices are followed through their invoice events; only top-ups are ours to act on. */
export const TOPUP_KIND = "credit_topup";

export type TopUpRecord = { credits: number; amountCents: number; currency: string; stripeCustomerId: string };
export type TopUpState = {
  status: string;
  customerId: string | null;
  amount: number;
  amountReceived: number;
  currency: string;
  /** The charge, once there is one. */
  charge: { amount: number; amountRefunded: number; disputeStatuses: string[] } | null;
};
export type TopUpTarget = { credits: number; state: string; problems: string[] };

/** Dispute statuses where the money stays with us: inquiries (warning_*) and disputes we won. */
const FUNDS_KEPT = new Set(["won", "warning_needs_response", "warning_under_review", "warning_closed"]);

/**
 * The credits follow from the current state alone, never from the order events arrived in:
 * nothing until the payment has succeeded for exactly the price Tollgate asked, on the org's own
 * customer and in its currency; then the pack's credits less the refunded share; nothing while a
 * dispute holds the money or after one is lost; everything again once a dispute is won.
 */
export function topUpTarget(record: TopUpRecord, stripe: TopUpState): TopUpTarget {
  const problems: string[] = [];
  if (stripe.customerId !== record.stripeCustomerId)
    problems.push(`paid by customer ${stripe.customerId ?? "none"}, not the org's ${record.stripeCustomerId}`);
  if (stripe.currency !== record.currency) problems.push(`currency ${stripe.currency}, expected ${record.currency}`);
  if (stripe.amount !== record.amountCents) problems.push(`amount ${stripe.amount}, priced at ${record.amountCents}`);
  if (stripe.status === "succeeded" && stripe.amountReceived !== record.amountCents)
    problems.push(`received ${stripe.amountReceived}, priced at ${record.amountCents}`);
  if (problems.length > 0) return { credits: 0, state: "rejected", problems };
  if (stripe.status !== "succeeded" || !stripe.charge) return { credits: 0, state: stripe.status, problems };
  const { amount, amountRefunded, disputeStatuses } = stripe.charge;
  if (disputeStatuses.some((status) => !FUNDS_KEPT.has(status))) {
    return { credits: 0, state: disputeStatuses.includes("lost") ? "dispute_lost" : "disputed", problems };
  }
  const refundedShare = amount > 0 ? Math.floor((record.credits * Math.min(amountRefunded, amount)) / amount) : 0;
  return {
    credits: record.credits - refundedShare,
    state: amountRefunded >= amount ? "refunded" : amountRefunded > 0 ? "partially_refunded" : "succeeded",
    problems,
  };
}
