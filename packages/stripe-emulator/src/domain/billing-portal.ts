import type Stripe from "stripe";
import { z } from "zod";
import { bool, list, metadata, obj, str, webUrl, emptyable } from "../http/params";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { mergeMetadata } from "./common";

export type Configuration = Stripe.BillingPortal.Configuration & Stored;

const features = obj({
  customer_update: obj({ enabled: bool(), allowed_updates: z.union([z.literal(""), list(str())]).optional() }).optional(),
  invoice_history: obj({ enabled: bool() }).optional(),
  payment_method_update: obj({ enabled: bool() }).optional(),
  subscription_cancel: obj({
    enabled: bool(),
    mode: z.enum(["at_period_end", "immediately"]).optional(),
    proration_behavior: z.enum(["none", "create_prorations", "always_invoice"]).optional(),
    cancellation_reason: obj({ enabled: bool(), options: z.union([z.literal(""), list(str())]).optional() }).optional(),
  }).optional(),
  subscription_update: obj({
    enabled: bool(),
    default_allowed_updates: z.union([z.literal(""), list(str())]).optional(),
    proration_behavior: z.enum(["none", "create_prorations", "always_invoice"]).optional(),
    products: z.union([z.literal(""), list(obj({ product: str(), prices: list(str()) }))]).optional(),
  }).optional(),
});
export const configParams = obj({
  business_profile: obj({
    headline: str().optional(),
    privacy_policy_url: webUrl().optional(),
    terms_of_service_url: webUrl().optional(),
  }).optional(),
  features: features.optional(),
  default_return_url: emptyable(webUrl()).optional(),
  metadata: metadata().optional(),
  active: bool().optional(),
  name: str().optional(),
});

export function buildConfiguration(p: z.infer<typeof configParams>, now: number, isDefault: boolean, id = newId("bpc")): Configuration {
  const f = p.features ?? {};
  const list = (v: "" | string[] | undefined, fallback: string[]) => (v === "" ? [] : (v ?? fallback));
  return {
    id,
    object: "billing_portal.configuration",
    active: p.active ?? true,
    application: null,
    business_profile: {
      headline: p.business_profile?.headline ?? null,
      privacy_policy_url: p.business_profile?.privacy_policy_url ?? null,
      terms_of_service_url: p.business_profile?.terms_of_service_url ?? null,
    },
    created: now,
    default_return_url: p.default_return_url ?? null,
    features: {
      customer_update: {
        allowed_updates: list(f.customer_update?.allowed_updates, ["email", "address"]) as never,
        enabled: f.customer_update?.enabled ?? false,
      },
      invoice_history: { enabled: f.invoice_history?.enabled ?? true },
      payment_method_update: { enabled: f.payment_method_update?.enabled ?? true, payment_method_configuration: null },
      subscription_cancel: {
        cancellation_reason: {
          enabled: f.subscription_cancel?.cancellation_reason?.enabled ?? false,
          feedback_options: null,
          options: list(f.subscription_cancel?.cancellation_reason?.options, []) as never,
        },
        enabled: f.subscription_cancel?.enabled ?? true,
        mode: f.subscription_cancel?.mode ?? "at_period_end",
        proration_behavior: f.subscription_cancel?.proration_behavior ?? "none",
      },
      // The emulator's portal offers no pause (nor does Tollgate ask for one).
      subscription_pause: { duration: { interval_options: [], type: "indefinite" }, enabled: false },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: list(f.subscription_update?.default_allowed_updates, []) as never,
        enabled: f.subscription_update?.enabled ?? false,
        products: (f.subscription_update?.products === "" ? [] : (f.subscription_update?.products ?? [])).map((pr) => ({
          adjustable_quantity: { enabled: false, maximum: null, minimum: 1 },
          prices: pr.prices,
          product: pr.product,
        })),
        proration_behavior: f.subscription_update?.proration_behavior ?? "create_prorations",
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: "end_trial",
      },
    },
    is_default: isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: mergeMetadata({}, p.metadata),
    name: p.name ?? null,
    updated: now,
  } as unknown as Configuration;
}

export function defaultConfiguration(tx: Tx, now: number): Configuration {
  return tx.all<Configuration>("billing_portal.configuration").find((c) => c.is_default) ?? tx.put(buildConfiguration({}, now, true));
}
