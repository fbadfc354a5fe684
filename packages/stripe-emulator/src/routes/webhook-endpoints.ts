import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, list, metadata, obj, parseParams, str, webUrl } from "../http/params";
import type { Router } from "../http/router";
import { mergeMetadata, mustGet } from "../domain/common";
import pinnedEventTypes from "../conformance/pinned-event-types.json" with { type: "json" };
import { Endpoint, checkUrl, createEndpoint } from "../domain/webhook-endpoints";

/** The secret is shown once, on create, as on Stripe. */
const publicView = ({ secret: _secret, ...rest }: Endpoint) => rest;

const EVENT_TYPES = new Set<string>(pinnedEventTypes);

/** Stripe refuses an endpoint that asks for an event it never sends. */
function checkEnabledEvents(events: string[]): string[] {
  events.forEach((type, i) => {
    if (type !== "*" && !EVENT_TYPES.has(type))
      throw invalidRequest(`Invalid enabled_events[${i}]: "${type}" is not an event type Stripe sends.`, {
        param: `enabled_events[${i}]`,
        code: "parameter_invalid_string",
      });
  });
  return events;
}

export function registerWebhookEndpoints(router: Router): void {
  router.add("POST", "/v1/webhook_endpoints", ({ tx, params, now }) => {
    const p = parseParams(
      obj({
        url: webUrl(),
        enabled_events: list(str()),
        description: str().optional(),
        metadata: metadata().optional(),
        api_version: str().optional(),
        connect: bool().optional(),
      }),
      params,
    );
    return createEndpoint(
      tx,
      {
        url: p.url,
        enabledEvents: checkEnabledEvents(p.enabled_events),
        description: p.description,
        metadata: mergeMetadata({}, p.metadata),
        apiVersion: p.api_version,
      },
      now,
    );
  });
  router.add("GET", "/v1/webhook_endpoints/:id", ({ tx, path }) =>
    publicView(mustGet<Endpoint>(tx, "webhook_endpoint", path.id!, "webhook endpoint")),
  );
  router.add("POST", "/v1/webhook_endpoints/:id", ({ tx, path, params }) => {
    const p = parseParams(
      obj({
        url: webUrl().optional(),
        enabled_events: list(str()).optional(),
        disabled: bool().optional(),
        description: str().optional(),
        metadata: metadata().optional(),
      }),
      params,
    );
    const endpoint = mustGet<Endpoint>(tx, "webhook_endpoint", path.id!, "webhook endpoint");
    if (p.url) checkUrl(p.url);
    const after: Endpoint = {
      ...endpoint,
      url: p.url ?? endpoint.url,
      enabled_events: p.enabled_events ? checkEnabledEvents(p.enabled_events) : endpoint.enabled_events,
      status: p.disabled === undefined ? endpoint.status : p.disabled ? "disabled" : "enabled",
      description: p.description ?? endpoint.description,
      metadata: mergeMetadata(endpoint.metadata, p.metadata),
    };
    tx.put(after);
    return publicView(after);
  });
  router.add("DELETE", "/v1/webhook_endpoints/:id", ({ tx, path }) => {
    const endpoint = mustGet<Endpoint>(tx, "webhook_endpoint", path.id!, "webhook endpoint");
    tx.delete(endpoint.id);
    return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
  });
  router.add("GET", "/v1/webhook_endpoints", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    return listObject(tx.all<Endpoint>("webhook_endpoint").map(publicView), p, "/v1/webhook_endpoints");
  });
}
