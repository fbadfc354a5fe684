import type Stripe from "stripe";
import type { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, metadata, obj, parseParams, str } from "../http/params";
import type { ApiContext, DomainContext, Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import type { Charge } from "./charges";
import { mergeMetadata, mustGet } from "./common";

type Dispute = Stripe.Dispute & Stored;

const EVIDENCE_FIELDS = [
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
type Ctx = DomainContext;

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

const isInquiry = (d: Dispute) => d.status.startsWith("warning_");
const CLOSED = new Set(["won", "lost", "warning_closed"]);

function close(ctx: Ctx, dispute: Dispute, outcome: "won" | "lost"): Dispute {
  const status = isInquiry(dispute) ? "warning_closed" : outcome;
  const closed = { ...dispute, status } as Dispute;
  ctx.tx.put(closed);
  ctx.emit("charge.dispute.closed", closed, { status: dispute.status });
  if (status === "won") ctx.emit("charge.dispute.funds_reinstated", closed);
  return closed;
}

export function registerDisputes(router: Router): void {
  router.add("GET", "/v1/disputes/:id", ({ tx, path }) => mustGet<Dispute>(tx, "dispute", path.id!, "dispute"));
  router.add("GET", "/v1/disputes", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, charge: str().optional(), payment_intent: str().optional() }), params);
    return listObject(
      tx.all<Dispute>(
        "dispute",
        (d) => (!p.charge || d.charge === p.charge) && (!p.payment_intent || d.payment_intent === p.payment_intent),
      ),
      p,
      "/v1/disputes",
    );
  });
  // Test mode's rule: evidence saying "winning_evidence" wins the dispute, "losing_evidence" loses it.
  router.add("POST", "/v1/disputes/:id", (ctx) => {
    const p = parseParams(
      obj({
        // Typed by name, so the table in the package README (read from this type) lists exactly these.
        evidence: obj(
          Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, str().optional()])) as Record<
            (typeof EVIDENCE_FIELDS)[number],
            z.ZodOptional<z.ZodString>
          >,
        ).optional(),
        metadata: metadata().optional(),
        submit: bool().optional(),
      }),
      ctx.params,
    );
    const dispute = mustGet<Dispute>(ctx.tx, "dispute", ctx.path.id!, "dispute");
    if (CLOSED.has(dispute.status)) throw invalidRequest(`This dispute is already closed.`, { code: "dispute_already_closed" });
    const evidence = { ...dispute.evidence, ...p.evidence } as Stripe.Dispute.Evidence;
    const text = evidence.uncategorized_text ?? null;
    const submitted = p.submit !== false && p.evidence !== undefined;
    const reviewing = isInquiry(dispute) ? "warning_under_review" : "under_review";
    const updated = {
      ...dispute,
      metadata: mergeMetadata(dispute.metadata, p.metadata),
      evidence,
      evidence_details: submitted
        ? {
            ...dispute.evidence_details,
            has_evidence: true,
            submission_count: dispute.evidence_details.submission_count + 1,
            submission_method: "manual",
          }
        : { ...dispute.evidence_details, has_evidence: true },
      status: submitted ? reviewing : dispute.status,
    } as Dispute;
    ctx.tx.put(updated);
    ctx.emit("charge.dispute.updated", updated, { status: dispute.status });
    if (submitted && text === "winning_evidence") return close(ctx, updated, "won");
    if (submitted && text === "losing_evidence") return close(ctx, updated, "lost");
    return updated;
  });
  router.add("POST", "/v1/disputes/:id/close", (ctx) => {
    const dispute = mustGet<Dispute>(ctx.tx, "dispute", ctx.path.id!, "dispute");
    if (CLOSED.has(dispute.status)) throw invalidRequest(`This dispute is already closed.`, { code: "dispute_already_closed" });
    return close(ctx, dispute, "lost");
  });
}
