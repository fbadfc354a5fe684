import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, metadata, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import type { Charge } from "../domain/charges";
import { mergeMetadata, mustGet } from "../domain/common";
import type { PaymentIntent } from "../domain/payment-intents";

type Refund = Stripe.Refund & Stored;

export function registerRefunds(router: Router): void {
  router.add("POST", "/v1/refunds", ({ tx, params, now, emit }) => {
    const p = parseParams(
      obj({
        charge: str().optional(),
        payment_intent: str().optional(),
        amount: int().optional(),
        reason: z.enum(["duplicate", "fraudulent", "requested_by_customer"]).optional(),
        metadata: metadata().optional(),
      }),
      params,
    );
    let chargeId = p.charge;
    if (!chargeId && p.payment_intent) {
      const pi = mustGet<PaymentIntent>(tx, "payment_intent", p.payment_intent, "payment_intent", "payment_intent");
      if (pi.status !== "succeeded" || !pi.latest_charge)
        throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          code: "charge_not_refundable",
        });
      chargeId = pi.latest_charge as string;
    }
    if (!chargeId)
      throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", {
        code: "parameter_missing",
      });
    const charge = mustGet<Charge>(tx, "charge", chargeId, "charge", "charge");
    if (charge.status !== "succeeded")
      throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: "charge_not_refundable" });
    const remaining = charge.amount - charge.amount_refunded;
    const amount = p.amount ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
        param: "amount",
        code: remaining === 0 ? "charge_already_refunded" : "amount_too_large",
      });
    }
    const refund = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: now,
      currency: charge.currency,
      customer: charge.customer ?? null,
      customer_account: null,
      destination_details: {
        card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
        type: "card",
      },
      metadata: mergeMetadata({}, p.metadata),
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method ?? null,
      reason: p.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    } as unknown as Refund;
    tx.put(refund);
    const refunded = {
      ...charge,
      amount_refunded: charge.amount_refunded + amount,
      refunded: charge.amount_refunded + amount === charge.amount,
    };
    tx.put(refunded);
    emit("refund.created", refund);
    emit("charge.refunded", refunded, { amount_refunded: charge.amount_refunded, refunded: charge.refunded });
    return refund;
  });
  router.add("GET", "/v1/refunds/:id", ({ tx, path }) => mustGet<Refund>(tx, "refund", path.id!, "refund"));
  router.add("POST", "/v1/refunds/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(obj({ metadata: metadata().optional() }), params);
    const refund = mustGet<Refund>(tx, "refund", path.id!, "refund");
    const after = { ...refund, metadata: mergeMetadata(refund.metadata, p.metadata) };
    tx.put(after);
    emit("refund.updated", after, { metadata: refund.metadata });
    emit("charge.refund.updated", after, { metadata: refund.metadata });
    return after;
  });
  // Only a refund waiting on the customer (requires_action) can be canceled; card refunds succeed at once.
  router.add("POST", "/v1/refunds/:id/cancel", ({ tx, path, emit }) => {
    const refund = mustGet<Refund>(tx, "refund", path.id!, "refund");
    if (refund.status !== "requires_action")
      throw invalidRequest(
        `This refund cannot be canceled because its status is ${refund.status}; only a refund that requires action can be.`,
      );
    const canceled = { ...refund, status: "canceled" } as Refund;
    tx.put(canceled);
    emit("refund.updated", canceled, { status: refund.status });
    return canceled;
  });
  router.add("GET", "/v1/refunds", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, charge: str().optional(), payment_intent: str().optional() }), params);
    return listObject(
      tx.all<Refund>("refund", (r) => (!p.charge || r.charge === p.charge) && (!p.payment_intent || r.payment_intent === p.payment_intent)),
      p,
      "/v1/refunds",
    );
  });
}
