import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest, wrongState } from "../http/errors";
import { bool, emptyable, int, list, metadata, obj, str, currency, webUrl } from "../http/params";
import type { DomainContext } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { declineFor } from "./cards";
import { buildCharge, type Charge } from "./charges";
import { openDispute } from "./disputes";
import { mergeMetadata, mustGet } from "./common";
import { cardBehaviour, resolvePaymentMethod, type PaymentMethod } from "./payment-methods";

export type PaymentIntent = Stripe.PaymentIntent & Stored;
type Ctx = DomainContext;

export const confirmFields = {
  payment_method: str().optional(),
  return_url: webUrl().optional(),
  off_session: bool().optional(),
  setup_future_usage: emptyable(z.enum(["on_session", "off_session"])).optional(),
  receipt_email: str().optional(),
  error_on_requires_action: bool().optional(),
  allowed_payment_method_types: list(str()).optional(),
  /** Older versions only (see api-version.ts). */
  payment_method_types: list(str()).optional(),
  use_stripe_sdk: bool().optional(),
};

export const createParams = obj({
  amount: int(),
  currency: currency(),
  customer: str().optional(),
  description: str().optional(),
  metadata: metadata().optional(),
  automatic_payment_methods: obj({ enabled: bool(), allow_redirects: z.enum(["always", "never"]).optional() }).optional(),
  confirm: bool().optional(),
  capture_method: z.enum(["automatic", "automatic_async", "manual"]).optional(),
  confirmation_method: z.enum(["automatic", "manual"]).optional(),
  statement_descriptor: str().optional(),
  statement_descriptor_suffix: str().optional(),
  shipping: z.record(z.string(), z.unknown()).optional(),
  ...confirmFields,
});

function paymentMethodOf(ctx: Ctx, pi: PaymentIntent): PaymentMethod | null {
  return pi.payment_method ? (ctx.tx.get<PaymentMethod>(pi.payment_method as string) ?? null) : null;
}

/** Runs a confirmation with the attached card and moves the intent to its next status, as Stripe does. */
export function confirmIntent(
  ctx: Ctx,
  pi: PaymentIntent,
  opts: { offSession?: boolean; returnUrl?: string; authenticated?: boolean; skipOutcomes?: boolean },
): PaymentIntent {
  const pm = paymentMethodOf(ctx, pi);
  if (!pm)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, specify `payment_method`.",
      { code: "payment_intent_unexpected_state" },
    );
  const behaviour = cardBehaviour(ctx.tx, pm.id);
  const needs3ds = behaviour === "requires_authentication_always" || (behaviour === "requires_authentication_once" && !opts.offSession);
  if (needs3ds && !opts.authenticated) {
    if (opts.offSession)
      return fail(ctx, pi, pm, {
        code: "authentication_required",
        decline_code: "authentication_required",
        message: "Your card was declined. This transaction requires authentication.",
      });
    const updated: PaymentIntent = {
      ...pi,
      status: "requires_action",
      last_payment_error: null,
      next_action: opts.returnUrl
        ? { type: "redirect_to_url", redirect_to_url: { return_url: opts.returnUrl, url: `/_emulator/3ds/${pi.id}` } }
        : {
            type: "use_stripe_sdk",
            use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: `/_emulator/3ds/${pi.id}`, source: pm.id } as never,
          },
    } as PaymentIntent;
    ctx.tx.put(updated);
    ctx.emit("payment_intent.requires_action", updated);
    return updated;
  }
  const decline = declineFor(behaviour);
  if (decline) return fail(ctx, pi, pm, decline);
  const charge = chargeOf(ctx, pi, pm, null);
  if (pi.capture_method === "manual") {
    // Authorised only: the charge holds the amount until the intent is captured (or canceled).
    const held = { ...charge, captured: false, amount_captured: 0, balance_transaction: null } as Charge;
    ctx.tx.put(held);
    ctx.emit("charge.succeeded", held);
    const authorised: PaymentIntent = {
      ...pi,
      status: "requires_capture",
      amount_capturable: pi.amount,
      latest_charge: held.id,
      next_action: null,
      last_payment_error: null,
    } as PaymentIntent;
    ctx.tx.put(authorised);
    ctx.emit("payment_intent.amount_capturable_updated", authorised);
    return authorised;
  }
  ctx.emit("charge.succeeded", charge);
  const succeeded: PaymentIntent = {
    ...pi,
    status: "succeeded",
    amount_received: pi.amount,
    latest_charge: charge.id,
    next_action: null,
    last_payment_error: null,
  };
  ctx.tx.put(succeeded);
  ctx.emit("payment_intent.succeeded", succeeded);
  if (!opts.skipOutcomes) ctx.outcomes.intentSucceeded(ctx, succeeded);
  if (behaviour === "disputed" || behaviour === "inquiry") openDispute(ctx, ctx.tx.get<Charge>(charge.id)!, behaviour === "inquiry");
  return succeeded;
}

/** The charge an attempt to pay the intent with `pm` makes, failed when `failure` is given. */
function chargeOf(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, failure: Parameters<typeof buildCharge>[1]["failure"]): Charge {
  return buildCharge(ctx.tx, {
    amount: pi.amount,
    currency: pi.currency,
    customer: pi.customer as string | null,
    paymentIntent: pi.id,
    paymentMethod: pm,
    description: pi.description,
    metadata: pi.metadata,
    receiptEmail: pi.receipt_email,
    now: ctx.now,
    failure,
  });
}

function fail(
  ctx: Ctx,
  pi: PaymentIntent,
  pm: PaymentMethod,
  decline: { code: string; decline_code: string; message: string },
): PaymentIntent {
  const charge: Charge = chargeOf(ctx, pi, pm, decline);
  ctx.emit("charge.failed", charge);
  const error = {
    type: "card_error",
    code: decline.code,
    decline_code: decline.decline_code,
    message: decline.message,
    charge: charge.id,
    payment_method: pm,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, "-")}`,
  };
  const failed = {
    ...pi,
    status: "requires_payment_method",
    latest_charge: charge.id,
    next_action: null,
    last_payment_error: error,
  } as unknown as PaymentIntent;
  ctx.tx.put(failed);
  ctx.emit("payment_intent.payment_failed", failed);
  return failed;
}

function shippingDetails(raw: Record<string, unknown>) {
  const address = (raw.address ?? {}) as Record<string, string | undefined>;
  return {
    address: {
      city: address.city ?? null,
      country: address.country ?? null,
      line1: address.line1 ?? null,
      line2: address.line2 ?? null,
      postal_code: address.postal_code ?? null,
      state: address.state ?? null,
    },
    carrier: (raw.carrier as string | undefined) ?? null,
    name: (raw.name as string | undefined) ?? null,
    phone: (raw.phone as string | undefined) ?? null,
    tracking_number: (raw.tracking_number as string | undefined) ?? null,
  };
}

export function createPaymentIntent(ctx: Ctx, p: z.infer<typeof createParams>): PaymentIntent {
  if (p.amount < 50) throw invalidRequest("Amount must be at least $0.50 usd", { param: "amount", code: "amount_too_small" });
  if (p.customer) mustGet(ctx.tx, "customer", p.customer, "customer", "customer");
  const pm = p.payment_method ? resolvePaymentMethod(ctx, p.payment_method) : null;
  const id = newId("pi");
  const pi = {
    id,
    object: "payment_intent",
    amount: p.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: p.automatic_payment_methods
      ? { allow_redirects: p.automatic_payment_methods.allow_redirects ?? "always", enabled: p.automatic_payment_methods.enabled }
      : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.capture_method ?? "automatic_async",
    client_secret: `${id}_secret_${randomBytes(12).toString("base64url")}`,
    confirmation_method: p.confirmation_method ?? "automatic",
    created: ctx.now,
    currency: p.currency.toLowerCase(),
    customer: p.customer ?? null,
    customer_account: null,
    description: p.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, p.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    allowed_payment_method_types: p.allowed_payment_method_types ?? null,
    payment_method_types: p.allowed_payment_method_types ?? p.payment_method_types ?? ["card"],
    payment_record: null,
    processing: null,
    receipt_email: p.receipt_email ?? null,
    review: null,
    setup_future_usage: p.setup_future_usage || null,
    shipping: p.shipping ? shippingDetails(p.shipping) : null,
    source: null,
    statement_descriptor: p.statement_descriptor ?? null,
    statement_descriptor_suffix: p.statement_descriptor_suffix ?? null,
    status: pm ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  } as unknown as PaymentIntent;
  ctx.tx.put(pi);
  ctx.emit("payment_intent.created", pi);
  if (!p.confirm) return pi;
  return confirmIntent(ctx, pi, { offSession: p.off_session, returnUrl: p.return_url });
}

export type AuthenticationRecord = Stored & { paymentMethod: string };
export const authenticationRecordId = (piId: string) => `emauth_${piId}`;

/** Completes or fails the 3-D Secure challenge of an intent waiting for it. */
export function finishAuthentication(ctx: Ctx, id: string, outcome: "complete" | "fail"): PaymentIntent {
  const pi = mustGet<PaymentIntent>(ctx.tx, "payment_intent", id, "payment_intent");
  if (pi.status !== "requires_action")
    throw wrongState(
      `This PaymentIntent's status is ${pi.status}; it is not waiting for authentication.`,
      "payment_intent_unexpected_state",
    );
  if (outcome === "complete" && pi.confirmation_method === "manual") {
    // A manually confirmed intent waits for the server to confirm it again, now authenticated.
    ctx.tx.put<AuthenticationRecord>({
      id: authenticationRecordId(pi.id),
      object: "emulator.authentication",
      paymentMethod: pi.payment_method as string,
    });
    const waiting = { ...pi, status: "requires_confirmation", next_action: null } as PaymentIntent;
    ctx.tx.put(waiting);
    return waiting;
  }
  if (outcome === "complete") return confirmIntent(ctx, pi, { authenticated: true });
  const pm = paymentMethodOf(ctx, pi)!;
  const error = {
    type: "invalid_request_error",
    code: "payment_intent_authentication_failure",
    message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    payment_method: pm,
    doc_url: "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
  };
  const failed = { ...pi, status: "requires_payment_method", next_action: null, last_payment_error: error } as unknown as PaymentIntent;
  ctx.tx.put(failed);
  ctx.emit("payment_intent.payment_failed", failed);
  return failed;
}
