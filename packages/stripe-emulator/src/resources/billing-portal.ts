import type Stripe from "stripe";
import { z } from "zod";
import { listObject, paginationParams } from "../http/list";
import { bool, list, metadata, obj, parseParams, str, webUrl, emptyable } from "../http/params";
import { hostedUrl, type Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { mergeMetadata, mustGet, previousAttributes } from "./common";

type Configuration = Stripe.BillingPortal.Configuration & Stored;
type PortalSession = Stripe.BillingPortal.Session & Stored;

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
const configParams = obj({
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

function buildConfiguration(p: z.infer<typeof configParams>, now: number, isDefault: boolean, id = newId("bpc")): Configuration {
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

export function registerBillingPortal(router: Router): void {
  router.add("POST", "/v1/billing_portal/configurations", ({ tx, params, now, emit }) => {
    const p = parseParams(configParams.omit({ active: true }), params);
    const created = tx.put(buildConfiguration(p, now, !tx.all<Configuration>("billing_portal.configuration").some((c) => c.is_default)));
    emit("billing_portal.configuration.created", created);
    return created;
  });
  router.add("GET", "/v1/billing_portal/configurations/:id", ({ tx, path }) =>
    mustGet<Configuration>(tx, "billing_portal.configuration", path.id!, "configuration"),
  );
  router.add("POST", "/v1/billing_portal/configurations/:id", ({ tx, path, params, now, emit }) => {
    const p = parseParams(configParams, params);
    const current = mustGet<Configuration>(tx, "billing_portal.configuration", path.id!, "configuration");
    const merged = buildConfiguration(
      {
        ...p,
        features: { ...(current.features as object), ...(p.features ?? {}) } as never,
        default_return_url: p.default_return_url ?? current.default_return_url ?? undefined,
        metadata: mergeMetadata(current.metadata, p.metadata),
      },
      now,
      current.is_default,
      current.id,
    );
    const updated = tx.put({ ...merged, created: current.created });
    emit("billing_portal.configuration.updated", updated, previousAttributes(current, updated));
    return updated;
  });
  router.add("GET", "/v1/billing_portal/configurations", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, active: bool().optional(), is_default: bool().optional() }), params);
    return listObject(
      tx.all<Configuration>(
        "billing_portal.configuration",
        (c) => (p.active === undefined || c.active === p.active) && (p.is_default === undefined || c.is_default === p.is_default),
      ),
      p,
      "/v1/billing_portal/configurations",
    );
  });
  router.add("POST", "/v1/billing_portal/sessions", (ctx) => {
    const { tx, params, now, emit } = ctx;
    const p = parseParams(
      obj({
        customer: str(),
        return_url: webUrl().optional(),
        configuration: str().optional(),
        locale: str().optional(),
        on_behalf_of: str().optional(),
      }),
      params,
    );
    mustGet(tx, "customer", p.customer, "customer", "customer");
    const configuration = p.configuration
      ? mustGet<Configuration>(tx, "billing_portal.configuration", p.configuration, "configuration", "configuration")
      : defaultConfiguration(tx, now);
    const id = newId("bps");
    const session = tx.put({
      id,
      object: "billing_portal.session",
      configuration: configuration.id,
      created: now,
      customer: p.customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: p.locale ?? null,
      on_behalf_of: null,
      return_url: p.return_url ?? configuration.default_return_url ?? null,
      url: hostedUrl(ctx, `/portal/${id}`),
    } as unknown as PortalSession);
    emit("billing_portal.session.created", session);
    return session;
  });
}
