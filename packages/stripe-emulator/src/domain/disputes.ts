import type Stripe from "stripe";
import type { DomainContext } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import type { Charge } from "./charges";

export type Dispute = Stripe.Dispute & Stored;

export const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
] as const;

/** A dispute's evidence before any is submitted: every field present and empty, as Stripe shows it. */
const emptyEvidence = () => ({ ...Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])), enhanced_evidence: {} });
export type Ctx = DomainContext;

/**
 * Card 4000000000000259 (pm_card_createDispute): the payment succeeds, then the cardholder disputes it
 * at once, as in Stripe's test mode; the funds are withdrawn until the dispute is won.
 */
export function openDispute(ctx: Ctx, charge: Charge, inquiry = false): Dispute {
  const dispute = {
    id: newId("dp"),
    object: "dispute",
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence() as never,
    evidence_details: {
      due_by: ctx.now + 7 * 86_400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    } as never,
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: "fraudulent",
    status: inquiry ? "warning_needs_response" : "needs_response",
  } as unknown as Dispute;
  ctx.tx.put(dispute);
  ctx.tx.put({ ...charge, disputed: true });
  ctx.emit("charge.dispute.created", dispute);
  if (!inquiry) ctx.emit("charge.dispute.funds_withdrawn", dispute);
  return dispute;
}
