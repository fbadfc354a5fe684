import type Stripe from "stripe";
import { listObject, paginationParams } from "../http/list";
import { bool, obj, parseParams, str, webUrl } from "../http/params";
import { hostedUrl, type Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { mergeMetadata, mustGet, previousAttributes } from "../domain/common";
import { Configuration, buildConfiguration, configParams, defaultConfiguration } from "../domain/billing-portal";

type PortalSession = Stripe.BillingPortal.Session & Stored;

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
