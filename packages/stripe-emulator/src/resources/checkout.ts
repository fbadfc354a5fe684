import type Stripe from "stripe";
import { z } from "zod";
import { cardError, invalidRequest, wrongState } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, int, list, metadata, obj, parseParams, str, currency, webUrl } from "../http/params";
import { hostedUrl, type ApiContext, type Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { nowFor } from "../billing/time";
import type { Price } from "./catalog";
import { createCustomerRecord, type Customer } from "./customers";
import { findPromotionCode, type PromotionCode } from "./discounts";
import { mergeMetadata, mustGet } from "./common";
import { attachPaymentMethod, resolvePaymentMethod } from "./payment-methods";
import { createPaymentIntent, type PaymentIntent } from "./payment-intents";
import { createSubscription } from "./subscriptions";

export type CheckoutSession = Stripe.Checkout.Session & Stored;
type LineItems = Stored & { object: "emulator.checkout_line_items"; items: Stripe.LineItem[] };

const lineItemsId = (sessionId: string) => `cslines_${sessionId}`;

/** Checkout's ui_mode values before the pinned version renamed them, and what they are now. */
const LEGACY_UI_MODES = ["hosted", "embedded", "custom"] as const;
const UI_MODE_NOW: Record<(typeof LEGACY_UI_MODES)[number], string> = {
  hosted: "hosted_page",
  embedded: "embedded_page",
  custom: "elements",
};

function uiMode(ctx: ApiContext, given: string | undefined): string {
  if (given === undefined) return "hosted_page";
  if (!(given in UI_MODE_NOW)) return given;
  if (!ctx.legacyApiVersion)
    throw invalidRequest(`Invalid ui_mode: must be one of hosted_page, embedded_page, elements or form (got ${given}).`, {
      param: "ui_mode",
      code: "parameter_invalid_string",
    });
  return UI_MODE_NOW[given as keyof typeof UI_MODE_NOW];
}

const createParams = obj({
  mode: z.enum(["payment", "subscription", "setup"]),
  success_url: webUrl().optional(),
  cancel_url: webUrl().optional(),
  return_url: webUrl().optional(),
  line_items: list(obj({ price: str(), quantity: int().optional() })).optional(),
  customer: str().optional(),
  customer_email: str().optional(),
  customer_creation: z.enum(["always", "if_required"]).optional(),
  client_reference_id: str().optional(),
  metadata: metadata().optional(),
  allow_promotion_codes: bool().optional(),
  discounts: list(obj({ coupon: str().optional(), promotion_code: str().optional() })).optional(),
  subscription_data: obj({
    metadata: metadata().optional(),
    trial_period_days: int().optional(),
    trial_end: int().optional(),
    description: str().optional(),
    trial_settings: obj({ end_behavior: obj({ missing_payment_method: z.enum(["cancel", "create_invoice", "pause"]) }) }).optional(),
  }).optional(),
  payment_intent_data: obj({
    metadata: metadata().optional(),
    description: str().optional(),
    setup_future_usage: z.enum(["on_session", "off_session"]).optional(),
    shipping: z.record(z.string(), z.unknown()).optional(),
    receipt_email: str().optional(),
  }).optional(),
  setup_intent_data: obj({ metadata: metadata().optional(), description: str().optional() }).optional(),
  allowed_payment_method_types: list(str()).optional(),
  integration_identifier: str().optional(),
  /** Older versions only (see api-version.ts). */
  payment_method_types: list(str()).optional(),
  expires_at: int().optional(),
  currency: currency().optional(),
  locale: str().optional(),
  billing_address_collection: z.enum(["auto", "required"]).optional(),
  ui_mode: z.enum(["hosted_page", "embedded_page", "elements", "form", ...LEGACY_UI_MODES]).optional(),
  payment_method_collection: z.enum(["always", "if_required"]).optional(),
  submit_type: str().optional(),
});

export function registerCheckout(router: Router): void {
  router.add("POST", "/v1/checkout/sessions", (ctx) => {
    const p = parseParams(createParams, ctx.params);
    const { tx } = ctx;
    if (p.mode !== "setup" && !p.line_items?.length)
      throw invalidRequest("Missing required param: line_items.", { param: "line_items", code: "parameter_missing" });
    if (p.customer) mustGet<Customer>(tx, "customer", p.customer, "customer", "customer");
    const now = nowFor(tx, p.customer, ctx.now);
    const id = newId("cs_test", 58);
    const items: Stripe.LineItem[] = (p.line_items ?? []).map((li, i) => {
      const price = mustGet<Price>(tx, "price", li.price, "price", `line_items[${i}][price]`);
      if (p.mode === "subscription" && !price.recurring)
        throw invalidRequest(
          "You specified `subscription` mode but passed only one-time prices; use `payment` mode or a recurring price.",
          { param: `line_items[${i}][price]` },
        );
      if (p.mode === "payment" && price.recurring)
        throw invalidRequest(
          "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
          { param: `line_items[${i}][price]` },
        );
      const quantity = li.quantity ?? 1;
      const amount = (price.unit_amount ?? 0) * quantity;
      return {
        id: newId("li"),
        object: "item",
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: 0,
        amount_total: amount,
        currency: price.currency,
        description: price.nickname ?? tx.get<Stored & { name: string }>(price.product as string)?.name ?? null,
        metadata: {},
        price,
        quantity,
      } as unknown as Stripe.LineItem;
    });
    const subtotal = items.reduce((s, i) => s + i.amount_subtotal, 0);
    const trial = p.mode === "subscription" && (p.subscription_data?.trial_period_days || p.subscription_data?.trial_end);
    const session = {
      id,
      object: "checkout.session",
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: p.allow_promotion_codes ?? null,
      amount_subtotal: subtotal,
      amount_total: trial ? 0 : subtotal,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: p.billing_address_collection ?? null,
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency: items[0]?.currency ?? p.currency ?? "usd",
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: p.customer ?? null,
      customer_account: null,
      customer_creation: p.customer ? null : (p.customer_creation ?? "if_required"),
      customer_details: null,
      customer_email: p.customer_email ?? null,
      discounts: [],
      expires_at: p.expires_at ?? now + 24 * 3600,
      invoice: null,
      integration_identifier: p.integration_identifier ?? null,
      invoice_creation: null,
      livemode: false,
      locale: p.locale ?? null,
      managed_payments: null,
      metadata: mergeMetadata({}, p.metadata),
      mode: p.mode,
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: p.payment_method_collection ?? "always",
      payment_method_configuration_details: null,
      payment_method_options: {},
      allowed_payment_method_types: p.allowed_payment_method_types ?? null,
      payment_method_types: p.allowed_payment_method_types ?? p.payment_method_types ?? ["card"],
      payment_status: p.mode === "setup" ? "no_payment_required" : "unpaid",
      permissions: null,
      phone_number_collection: { enabled: false },
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: "open",
      submit_type: p.submit_type ?? null,
      subscription: null,
      success_url: p.success_url ?? null,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: uiMode(ctx, p.ui_mode),
      url: hostedUrl(ctx, `/checkout/${id}`),
      wallet_options: null,
    } as unknown as CheckoutSession;
    tx.put(session);
    tx.put<LineItems>({ id: lineItemsId(id), object: "emulator.checkout_line_items", items });
    // What completion needs later and Stripe keeps out of the session object.
    tx.put({
      id: `csreq_${id}`,
      object: "emulator.checkout_request",
      subscription_data: p.subscription_data ?? null,
      payment_intent_data: p.payment_intent_data ?? null,
      discounts: p.discounts ?? [],
    });
    return session;
  });
  router.add("GET", "/v1/checkout/sessions/:id", ({ tx, path }) =>
    expireIfDue(tx, mustGet<CheckoutSession>(tx, "checkout.session", path.id!, "checkout.session")),
  );
  router.add("GET", "/v1/checkout/sessions/:id/line_items", ({ tx, path, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    mustGet<CheckoutSession>(tx, "checkout.session", path.id!, "checkout.session");
    return listObject(tx.get<LineItems>(lineItemsId(path.id!))?.items ?? [], p, `/v1/checkout/sessions/${path.id}/line_items`);
  });
  router.add("POST", "/v1/checkout/sessions/:id/expire", ({ tx, path, emit }) => {
    const session = mustGet<CheckoutSession>(tx, "checkout.session", path.id!, "checkout.session");
    if (session.status !== "open")
      throw wrongState(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    const expired = { ...session, status: "expired", url: null } as CheckoutSession;
    tx.put(expired);
    emit("checkout.session.expired", expired);
    return expired;
  });
  router.add("GET", "/v1/checkout/sessions", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        customer: str().optional(),
        subscription: str().optional(),
        payment_intent: str().optional(),
        status: str().optional(),
      }),
      params,
    );
    return listObject(
      tx.all<CheckoutSession>(
        "checkout.session",
        (s) =>
          (!p.customer || s.customer === p.customer) &&
          (!p.subscription || s.subscription === p.subscription) &&
          (!p.status || s.status === p.status),
      ),
      p,
      "/v1/checkout/sessions",
    );
  });

  // The Stripe CLI completes Checkout through Stripe's payment page API.
  router.add("GET", "/v1/payment_pages/:id", ({ tx, path }) =>
    mustGet<CheckoutSession>(tx, "checkout.session", path.id!, "checkout.session"),
  );
  router.add("POST", "/v1/payment_pages/:id/confirm", (ctx) => {
    const p = parseParams(
      obj({ payment_method: str(), expected_amount: int().optional(), email: str().optional(), promotion_code: str().optional() }),
      ctx.params,
    );
    return completeCheckout(ctx, ctx.path.id!, {
      paymentMethod: p.payment_method,
      email: p.email,
      promotionCode: p.promotion_code,
      expectedAmount: p.expected_amount,
    });
  });
}

function expireIfDue(tx: ApiContext["tx"], session: CheckoutSession): CheckoutSession {
  return session.status === "open" && session.expires_at < Math.floor(Date.now() / 1000)
    ? ({ ...session, status: "expired", url: null } as CheckoutSession)
    : session;
}

export type Completion = { session: CheckoutSession; requiresAction: PaymentIntent | null };

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
      items: items.map((i) => ({ price: (i.price as Price).id, quantity: i.quantity ?? 1 })),
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
