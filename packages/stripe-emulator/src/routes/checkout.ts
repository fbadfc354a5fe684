import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest, wrongState } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, int, list, metadata, obj, parseParams, str, currency, webUrl } from "../http/params";
import { hostedUrl, type ApiContext, type Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { nowFor } from "../domain/time";
import type { Price } from "../domain/catalog";
import { type Customer } from "../domain/customers";
import { mergeMetadata, mustGet } from "../domain/common";
import { CheckoutSession, LineItems, completeCheckout, expireIfDue, lineItemsId } from "../domain/checkout";
import { itemQuantity } from "../domain/subscription-inputs";

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
      // A metered price bills its meter's usage at renewal: its line has no quantity and costs nothing at Checkout.
      const quantity = itemQuantity(price, li.quantity, 1, `line_items[${i}][quantity]`);
      const amount = (price.unit_amount ?? 0) * (quantity ?? 0);
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
