import { z } from "zod";
import { CommittedError, invalidRequest, wrongState } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { emptyable, int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import { type Charge } from "../domain/charges";
import { mergeMetadata, mustGet } from "../domain/common";
import { resolvePaymentMethod } from "../domain/payment-methods";
import {
  AuthenticationRecord,
  PaymentIntent,
  authenticationRecordId,
  confirmFields,
  confirmIntent,
  createParams,
  createPaymentIntent,
} from "../domain/payment-intents";

/** A declined confirmation answers 402 with the intent in the error, as Stripe does; its state is kept. */
function answer(pi: PaymentIntent): PaymentIntent {
  const e = pi.last_payment_error;
  if (pi.status === "requires_payment_method" && e) {
    throw new CommittedError(402, {
      type: "card_error",
      code: e.code ?? "card_declined",
      decline_code: e.decline_code,
      message: e.message ?? "Your card was declined.",
      charge: e.charge,
      payment_intent: pi,
    });
  }
  return pi;
}

export function registerPaymentIntents(router: Router): void {
  router.add("POST", "/v1/payment_intents", (ctx) => answer(createPaymentIntent(ctx, parseParams(createParams, ctx.params))));

  router.add("GET", "/v1/payment_intents", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, customer: str().optional(), created: createdRange.optional() }), params);
    return listObject(
      tx.view<PaymentIntent>(
        "payment_intent",
        (pi) => (!p.customer || pi.customer === p.customer) && inCreatedRange(pi.created, p.created),
      ),
      p,
      "/v1/payment_intents",
    );
  });

  router.add("GET", "/v1/payment_intents/:id", ({ tx, path }) => mustGet<PaymentIntent>(tx, "payment_intent", path.id!, "payment_intent"), {
    publishable: true,
  });

  router.add("POST", "/v1/payment_intents/:id", (ctx) => {
    const { tx, path, params } = ctx;
    const p = parseParams(
      obj({
        amount: int().optional(),
        currency: currency().optional(),
        customer: str().optional(),
        description: str().optional(),
        metadata: metadata().optional(),
        payment_method: str().optional(),
        receipt_email: str().optional(),
        setup_future_usage: emptyable(z.enum(["on_session", "off_session"])).optional(),
      }),
      params,
    );
    const before = mustGet<PaymentIntent>(tx, "payment_intent", path.id!, "payment_intent");
    if (["succeeded", "canceled", "processing"].includes(before.status))
      throw wrongState(
        `This PaymentIntent's status is ${before.status}, so it can no longer be updated.`,
        "payment_intent_unexpected_state",
      );
    const after = structuredClone(before);
    if (p.amount !== undefined) after.amount = p.amount;
    if (p.description !== undefined) after.description = p.description;
    if (p.receipt_email !== undefined) after.receipt_email = p.receipt_email;
    if (p.customer !== undefined) after.customer = mustGet(tx, "customer", p.customer, "customer", "customer").id;
    if (p.payment_method !== undefined) {
      after.payment_method = resolvePaymentMethod({ ...ctx, now: before.created }, p.payment_method).id;
      after.status = "requires_confirmation";
    }
    after.metadata = mergeMetadata(before.metadata, p.metadata);
    // Stripe sends no event for an update of a PaymentIntent's own fields.
    tx.put(after);
    return after;
  });

  router.add(
    "POST",
    "/v1/payment_intents/:id/confirm",
    (ctx) => {
      const p = parseParams(obj({ ...confirmFields, client_secret: str().optional(), expand: z.unknown().optional() }), ctx.params);
      let pi = mustGet<PaymentIntent>(ctx.tx, "payment_intent", ctx.path.id!, "payment_intent");
      if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(pi.status)) {
        throw wrongState(`This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`, "payment_intent_unexpected_state");
      }
      if (pi.confirmation_method === "manual" && ctx.publishableKey)
        throw invalidRequest(
          "This PaymentIntent has confirmation_method=manual, so it can only be confirmed on your server with a secret key.",
          { code: "payment_intent_unexpected_state" },
        );
      if (p.payment_method) pi = { ...pi, payment_method: resolvePaymentMethod(ctx, p.payment_method).id };
      if (p.receipt_email) pi = { ...pi, receipt_email: p.receipt_email };
      const authentication = ctx.tx.get<AuthenticationRecord>(authenticationRecordId(pi.id));
      if (authentication) ctx.tx.delete(authentication.id);
      const authenticated = authentication?.paymentMethod === pi.payment_method;
      return answer(confirmIntent(ctx, pi, { offSession: p.off_session, returnUrl: p.return_url, authenticated }));
    },
    { publishable: true },
  );

  router.add("POST", "/v1/payment_intents/:id/capture", (ctx) => {
    const p = parseParams(obj({ amount_to_capture: int().optional(), metadata: metadata().optional() }), ctx.params);
    const pi = mustGet<PaymentIntent>(ctx.tx, "payment_intent", ctx.path.id!, "payment_intent");
    if (pi.status !== "requires_capture")
      throw wrongState(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        "payment_intent_unexpected_state",
      );
    const amount = p.amount_to_capture ?? pi.amount_capturable;
    if (amount <= 0 || amount > pi.amount_capturable)
      throw invalidRequest(`The amount to capture (${amount}) must be at most the amount capturable (${pi.amount_capturable}).`, {
        param: "amount_to_capture",
        code: "amount_too_large",
      });
    const held = mustGet<Charge>(ctx.tx, "charge", pi.latest_charge as string, "charge");
    const captured = {
      ...held,
      captured: true,
      amount_captured: amount,
      amount_refunded: held.amount - amount,
      balance_transaction: newId("txn"),
    } as Charge;
    ctx.tx.put(captured);
    ctx.emit("charge.captured", captured);
    const succeeded = {
      ...pi,
      status: "succeeded",
      amount_capturable: 0,
      amount_received: amount,
      metadata: mergeMetadata(pi.metadata, p.metadata),
    } as PaymentIntent;
    ctx.tx.put(succeeded);
    ctx.emit("payment_intent.succeeded", succeeded);
    ctx.outcomes.intentSucceeded(ctx, succeeded);
    return succeeded;
  });
  router.add("POST", "/v1/payment_intents/:id/cancel", ({ tx, path, params, emit, now }) => {
    const p = parseParams(
      obj({ cancellation_reason: z.enum(["duplicate", "fraudulent", "requested_by_customer", "abandoned"]).optional() }),
      params,
    );
    const pi = mustGet<PaymentIntent>(tx, "payment_intent", path.id!, "payment_intent");
    if (pi.status === "succeeded" || pi.status === "canceled")
      throw wrongState(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        "payment_intent_unexpected_state",
      );
    const canceled = {
      ...pi,
      status: "canceled",
      canceled_at: now,
      cancellation_reason: p.cancellation_reason ?? null,
      next_action: null,
    } as PaymentIntent;
    tx.put(canceled);
    emit("payment_intent.canceled", canceled);
    return canceled;
  });

  router.add("GET", "/v1/charges/:id", ({ tx, path }) => mustGet<Charge>(tx, "charge", path.id!, "charge"));
  router.add("GET", "/v1/charges", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, customer: str().optional(), payment_intent: str().optional() }), params);
    return listObject(
      tx.view<Charge>(
        "charge",
        (c) => (!p.customer || c.customer === p.customer) && (!p.payment_intent || c.payment_intent === p.payment_intent),
      ),
      p,
      "/v1/charges",
    );
  });
}
