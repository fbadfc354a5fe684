// Which API version a request is made under. The SDK always names the version Tollgate pins (Stripe-Version), and
// gets exactly that version's rules. A request without the header runs under the account's default version, as on
// Stripe: the official CLI sends none, and some of its trigger fixtures still use parameters the pinned version
// removed, which older versions accept.
import Stripe from "stripe";
import { invalidRequest } from "./errors";

export const PINNED_API_VERSION = Stripe.API_VERSION;

const VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export function isValidApiVersion(version: string): boolean {
  return VERSION_FORMAT.test(version);
}

/**
 * The request's version: its Stripe-Version header, else the account's default (a dashboard setting on Stripe;
 * POST /_emulator/settings { defaultApiVersion } here); a malformed one is refused.
 */
export function requestApiVersion(header: string | undefined, accountDefault: string): { version: string; pinned: boolean } {
  if (header === undefined) return { version: accountDefault, pinned: accountDefault === PINNED_API_VERSION };
  const version = header.trim();
  if (!isValidApiVersion(version)) throw invalidRequest(`Invalid Stripe API version: ${version}`, { code: "api_version_invalid" });
  return { version, pinned: version === PINNED_API_VERSION };
}

/**
 * Parameters the pinned version removed (with what replaced them), by route. Older versions accept them; under the
 * pinned version they are unknown, as every name the version lacks is (http/pinned-parameters.ts). The contract suite
 * checks this list against the SDK's parameter types, and that the handlers take no other name the version lacks.
 */
export const REMOVED_PARAMETERS: Record<string, { params: string; removed: Record<string, string | null> }> = {
  // A customer-level discount has no successor on the customer: discounts live on subscriptions and invoices.
  "POST /v1/customers": { params: "CustomerCreateParams", removed: { coupon: null, promotion_code: null } },
  "POST /v1/customers/:id": { params: "CustomerUpdateParams", removed: { coupon: null, promotion_code: null } },
  "POST /v1/payment_intents": { params: "PaymentIntentCreateParams", removed: { payment_method_types: "allowed_payment_method_types" } },
  "POST /v1/payment_intents/:id": {
    params: "PaymentIntentUpdateParams",
    removed: { payment_method_types: "allowed_payment_method_types" },
  },
  "POST /v1/setup_intents": { params: "SetupIntentCreateParams", removed: { payment_method_types: "allowed_payment_method_types" } },
  "POST /v1/setup_intents/:id": { params: "SetupIntentUpdateParams", removed: { payment_method_types: "allowed_payment_method_types" } },
  "POST /v1/checkout/sessions": {
    params: "Checkout.SessionCreateParams",
    removed: { payment_method_types: "allowed_payment_method_types" },
  },
  "POST /v1/subscriptions": {
    params: "SubscriptionCreateParams",
    removed: { coupon: "discounts[][coupon]", promotion_code: "discounts[][promotion_code]" },
  },
  "POST /v1/subscriptions/:id": {
    params: "SubscriptionUpdateParams",
    removed: { coupon: "discounts[][coupon]", promotion_code: "discounts[][promotion_code]" },
  },
  "POST /v1/payment_intents/:id/confirm": {
    params: "PaymentIntentConfirmParams",
    removed: { payment_method_types: "allowed_payment_method_types" },
  },
  "POST /v1/promotion_codes": { params: "PromotionCodeCreateParams", removed: { coupon: "promotion[coupon]" } },
  "POST /v1/invoiceitems": { params: "InvoiceItemCreateParams", removed: { price: "pricing[price]" } },
};
