import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { bool, list, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import type { Stored } from "../store/store";
import { mustGet } from "../domain/common";
import type { Dispatcher } from "../webhooks/dispatcher";
import type { Delivery } from "../webhooks/types";
import { invalidRequest } from "../http/errors";

type Event = Stored & { type: string; created: number };

export function registerEvents(router: Router, dispatcher: Dispatcher): void {
  router.add("POST", "/v1/events/:id/retry", ({ tx, path, params }) => {
    const p = parseParams(obj({ webhook_endpoint: str().optional(), for_stripecli: bool().optional() }), params);
    const event = mustGet<Event>(tx, "event", path.id!, "event");
    if (p.webhook_endpoint) mustGet(tx, "webhook_endpoint", p.webhook_endpoint, "webhook endpoint", "webhook_endpoint");
    dispatcher.resendWithin(tx, event, p.webhook_endpoint);
    return event;
  });
  router.add("GET", "/v1/events/:id", ({ tx, path }) => mustGet<Event>(tx, "event", path.id!, "event"));
  router.add("GET", "/v1/events", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        type: str().optional(),
        types: list(str()).optional(),
        created: createdRange.optional(),
        delivery_success: bool().optional(),
      }),
      params,
    );
    if (p.type && p.types) throw invalidRequest("You may pass either `type` or `types`, but not both.", { param: "types" });
    if (p.types && p.types.length > 20) throw invalidRequest("`types` takes at most 20 event types.", { param: "types" });
    const matchesType = (t: string) => {
      const patterns = p.types ?? (p.type ? [p.type] : null);
      if (!patterns) return true;
      return patterns.some((pattern) => (pattern.endsWith("*") ? t.startsWith(pattern.slice(0, -1)) : t === pattern));
    };
    // Stripe's delivery_success=false: events still being retried to, or given up on by, some endpoint.
    const undelivered = new Set(tx.view<Delivery & Stored>("emulator.delivery", (d) => d.state !== "succeeded").map((d) => d.event));
    const matchesDelivery = (e: Event) => p.delivery_success === undefined || p.delivery_success !== undelivered.has(e.id);
    const items = tx.view<Event>("event", (e) => matchesType(e.type) && inCreatedRange(e.created, p.created) && matchesDelivery(e));
    return listObject(items, p, "/v1/events");
  });
}
