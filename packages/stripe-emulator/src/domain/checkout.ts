import type Stripe from "stripe";
import { cardError, invalidRequest, wrongState } from "../http/errors";
import { type ApiContext } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { nowFor } from "./time";
import type { Price } from "./catalog";
import { createCustomerRecord } from "./customers";
import { findPromotionCode, type PromotionCode } from "./discounts";
import { mustGet } from "./common";
import { attachPaymentMethod, resolvePaymentMethod } from "./payment-methods";
import { createPaymentIntent, type PaymentIntent } from "./payment-intents";
import { createSubscription } from "./create-subscription";

export type CheckoutSession = Stripe.Checkout.Session & Stored;
export type LineItems = Stored & { object: "emulator.checkout_line_items"; items: Stripe.LineItem[] };

export const lineItemsId = (sessionId: string) => `cslines_${sessionId}`;

export function expireIfDue(tx: ApiContext["tx"], session: CheckoutSession): CheckoutSession {
  return session.status === "open" && session.expires_at < Math.floor(Date.now() / 1000)
    ? ({ ...session, status: "expired", url: null } as CheckoutSession)
    : session;
}

/**
 * Pays a Checkout Session as the hosted page does: a customer if needed, the
 * card attached, then the payment, subscription or setup; declines leave the
 * session open and change nothing.
 */
export function completeCheckout(
  ctx: ApiContext,
  id: string,
  opts: { paymentMethod: string; email?: string; name?: string; promotionCode?: string; expectedAmount?: number },
): CheckoutSession {
  const { tx } = ctx;
  const session = expireIfDue(tx, mustGet<CheckoutSession>(tx, "checkout.session", id, "checkout.session"));
  if (session.status !== "open")
    throw wrongState(`This Checkout Session is ${session.status} and can no longer be paid.`, "checkout_session_inactive");
  const request = tx.get<
    Stored & {
      subscription_data: Record<string, unknown> | null;
      payment_intent_data: Record<string, unknown> | null;
      discounts: { coupon?: string; promotion_code?: string }[];
    }
  >(`csreq_${id}`)!;
  const items = tx.get<LineItems>(lineItemsId(id))?.items ?? [];
  const now = nowFor(tx, session.customer as string | null, ctx.now);
  const email = opts.email ?? session.customer_email ?? undefined;

  let promo: PromotionCode | undefined;
  if (opts.promotionCode) {
    if (!session.allow_promotion_codes)
      throw invalidRequest("This Checkout Session does not accept promotion codes.", { param: "promotion_code" });
    promo = findPromotionCode(tx, opts.promotionCode, now);
    if (!promo) throw invalidRequest("This code is invalid.", { param: "promotion_code", code: "promotion_code_invalid" });
  }
  const needsCustomer = session.mode !== "payment" || session.customer_creation === "always";
  let customerId = session.customer as string | null;
  if (!customerId && needsCustomer) {
    customerId = createCustomerRecord(ctx, newId("cus", 14), email ?? null, opts.name ?? null, now).id;
  }
  const pm = customerId ? attachPaymentMethod(ctx, opts.paymentMethod, customerId) : resolvePaymentMethod(ctx, opts.paymentMethod);
  const customerDetails = {
    address: pm.billing_details.address,
    business_name: null,
    email: email ?? pm.billing_details.email ?? null,
    individual_name: null,
    name: opts.name ?? pm.billing_details.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };

  let completed = {
    ...session,
    customer: customerId,
    customer_details: customerDetails,
    status: "complete",
    url: null,
  } as unknown as CheckoutSession;
  if (session.mode === "payment") {
    if (opts.expectedAmount !== undefined && opts.expectedAmount !== session.amount_total)
      throw invalidRequest("The amount has changed; reload the page.", { param: "expected_amount" });
    const pid = request.payment_intent_data ?? {};
    const intent = createPaymentIntent(ctx, {
      amount: session.amount_total!,
      currency: session.currency!,
      customer: customerId ?? undefined,
      payment_method: pm.id,
      confirm: true,
      metadata: (pid.metadata as Record<string, string> | undefined) ?? {},
      description: pid.description as string | undefined,
      shipping: pid.shipping as Record<string, unknown> | undefined,
      payment_method_types: ["card"],
    });
    if (intent.status === "requires_payment_method") throw declined(intent);
    if (intent.status === "requires_action") return pendingAuthentication(ctx, session, intent);
    completed = { ...completed, payment_intent: intent.id, payment_status: "paid" } as CheckoutSession;
  } else if (session.mode === "subscription") {
    const sd = request.subscription_data ?? {};
    const discounts = promo ? [{ promotion_code: promo.id }] : request.discounts;
    const sub = createSubscription(ctx, {
      customer: customerId!,
      items: items.map((i) => ({ price: (i.price as Price).id, ...(i.quantity === null ? {} : { quantity: i.quantity ?? 1 }) })),
      default_payment_method: pm.id,
      metadata: (sd.metadata as Record<string, string> | undefined) ?? {},
      trial_period_days: sd.trial_period_days as number | undefined,
      trial_end: sd.trial_end as number | undefined,
      description: sd.description as string | undefined,
      trial_settings: sd.trial_settings as never,
      discounts: discounts.length ? discounts : undefined,
      payment_behavior: "allow_incomplete",
      off_session: false,
    });
    if (sub.status === "incomplete") {
      const invoice = tx.get<Stripe.Invoice & Stored>(sub.latest_invoice as string)!;
      const intent = tx.get<PaymentIntent>(invoice.confirmation_secret!.client_secret.split("_secret_")[0]!)!;
      if (intent.status === "requires_action") return pendingAuthentication(ctx, session, intent, sub.id);
      throw declined(intent);
    }
    const invoice = tx.get<Stripe.Invoice & Stored>(sub.latest_invoice as string);
    completed = {
      ...completed,
      subscription: sub.id,
      invoice: invoice?.id ?? null,
      payment_status: sub.status === "trialing" ? "no_payment_required" : "paid",
      amount_total: invoice?.amount_paid ?? completed.amount_total,
      discounts: (sub.discounts as unknown as string[])
        .map((id) => ctx.tx.get<Stored & { source: { coupon: string }; promotion_code: string | null }>(id))
        .filter((d) => d !== undefined)
        .map((d) => ({ coupon: d.source.coupon, promotion_code: d.promotion_code })),
      total_details: {
        amount_discount: invoice ? (invoice.total_discount_amounts ?? []).reduce((s, d) => s + d.amount, 0) : 0,
        amount_shipping: 0,
        amount_tax: 0,
      },
    } as CheckoutSession;
  } else {
    completed = { ...completed, setup_intent: createSucceededSetupIntent(ctx, customerId!, pm.id, now) } as CheckoutSession;
  }
  tx.put(completed);
  ctx.emit("checkout.session.completed", completed);
  return completed;
}

function declined(intent: PaymentIntent) {
  const e = intent.last_payment_error;
  return cardError(e?.code ?? "card_declined", e?.message ?? "Your card was declined.", { decline_code: e?.decline_code });
}

/** 3-D Secure: the session stays open; the intent waits for the challenge, and finishing it completes the session. */
function pendingAuthentication(ctx: ApiContext, session: CheckoutSession, intent: PaymentIntent, subscription?: string): CheckoutSession {
  ctx.tx.put({
    id: `cs3ds_${intent.id}`,
    object: "emulator.checkout_authentication",
    session: session.id,
    subscription: subscription ?? null,
  });
  return { ...session, payment_intent: intent.id } as CheckoutSession;
}

function createSucceededSetupIntent(ctx: ApiContext, customer: string, paymentMethod: string, now: number): string {
  const id = newId("seti");
  ctx.tx.put({
    id,
    object: "setup_intent",
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${newId("s", 16).slice(2)}`,
    created: now,
    customer,
    description: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod,
    payment_method_options: {},
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: "succeeded",
    usage: "off_session",
  });
  ctx.emit("setup_intent.succeeded", ctx.tx.get(id)!);
  return id;
}

/** After a 3-D Secure challenge: a Checkout that was waiting on it completes, or stays open if it failed. */
export function finishCheckoutAfterAuthentication(ctx: ApiContext, intent: PaymentIntent): void {
  const pending = ctx.tx.get<Stored & { session: string; subscription: string | null }>(`cs3ds_${intent.id}`);
  if (!pending || intent.status !== "succeeded") return;
  const session = ctx.tx.get<CheckoutSession>(pending.session)!;
  const sub = pending.subscription ? ctx.tx.get<Stripe.Subscription & Stored>(pending.subscription) : null;
  const completed = {
    ...session,
    status: "complete",
    url: null,
    customer: session.customer ?? intent.customer,
    payment_status: "paid",
    payment_intent: session.mode === "payment" ? intent.id : null,
    subscription: sub?.id ?? null,
    invoice: (sub?.latest_invoice as string | undefined) ?? null,
  } as CheckoutSession;
  ctx.tx.put(completed);
  ctx.tx.delete(pending.id);
  ctx.emit("checkout.session.completed", completed);
}
