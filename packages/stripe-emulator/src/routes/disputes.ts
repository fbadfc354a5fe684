import type Stripe from "stripe";
import type { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, metadata, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import { mergeMetadata, mustGet } from "../domain/common";
import { Ctx, Dispute, EVIDENCE_FIELDS } from "../domain/disputes";

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
