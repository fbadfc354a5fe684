import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, obj, parseParams, str } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../store/ids";
import { mustGet, previousAttributes } from "../domain/common";
import { activeMeterFor, meterEventSummaries, recordMeterEvent, type Meter } from "../domain/meters";

const payloadKey = () => str().min(1).max(100);

function meterOf(ctx: ApiContext): Meter {
  return mustGet<Meter>(ctx.tx, "billing.meter", ctx.path.id!, "billing meter");
}

/** Sets a meter's status, with the event Stripe sends for it; a meter already there is refused, as on Stripe. */
function setStatus(ctx: ApiContext, status: "active" | "inactive"): Meter {
  const meter = meterOf(ctx);
  parseParams(obj({}), ctx.params);
  if (meter.status === status) throw invalidRequest(`This meter is already ${status}.`, { code: "resource_state_invalid" });
  if (status === "active" && activeMeterFor(ctx.tx, meter.event_name))
    throw invalidRequest(`An active meter with event_name ${meter.event_name} already exists.`, { param: "event_name" });
  const after: Meter = {
    ...meter,
    status,
    status_transitions: { deactivated_at: status === "inactive" ? ctx.now : null },
    updated: ctx.now,
  };
  ctx.tx.put(after);
  ctx.emit(status === "inactive" ? "billing.meter.deactivated" : "billing.meter.reactivated", after);
  return after;
}

export function registerMeters(router: Router): void {
  router.add("POST", "/v1/billing/meters", ({ tx, params, now, emit }) => {
    const p = parseParams(
      obj({
        display_name: str().min(1).max(250),
        event_name: str().min(1).max(100),
        default_aggregation: obj({ formula: z.enum(["count", "last", "sum"]) }),
        customer_mapping: obj({ event_payload_key: payloadKey(), type: z.literal("by_id") }).optional(),
        value_settings: obj({ event_payload_key: payloadKey() }).optional(),
        event_time_window: z.enum(["day", "hour"]).optional(),
      }),
      params,
    );
    if (activeMeterFor(tx, p.event_name))
      throw invalidRequest(`An active meter with event_name ${p.event_name} already exists.`, { param: "event_name" });
    const meter: Meter = {
      id: newId("mtr"),
      object: "billing.meter",
      created: now,
      customer_mapping: p.customer_mapping ?? { event_payload_key: "stripe_customer_id", type: "by_id" },
      default_aggregation: p.default_aggregation,
      display_name: p.display_name,
      event_name: p.event_name,
      event_time_window: p.event_time_window ?? null,
      livemode: false,
      status: "active",
      status_transitions: { deactivated_at: null },
      updated: now,
      value_settings: p.value_settings ?? { event_payload_key: "value" },
    };
    tx.put(meter);
    emit("billing.meter.created", meter);
    return meter;
  });
  router.add("GET", "/v1/billing/meters/:id", (ctx) => meterOf(ctx));
  router.add("GET", "/v1/billing/meters", ({ tx, params }) => {
    const p = parseParams(obj({ ...paginationParams, status: z.enum(["active", "inactive"]).optional() }), params);
    const meters = tx.all<Meter>("billing.meter").filter((m) => !p.status || m.status === p.status);
    return listObject(meters, p, "/v1/billing/meters");
  });
  router.add("POST", "/v1/billing/meters/:id", (ctx) => {
    const p = parseParams(obj({ display_name: str().min(1).max(250).optional() }), ctx.params);
    const meter = meterOf(ctx);
    const after: Meter = { ...meter, ...(p.display_name ? { display_name: p.display_name } : {}), updated: ctx.now };
    ctx.tx.put(after);
    ctx.emit("billing.meter.updated", after, previousAttributes(meter, after));
    return after;
  });
  router.add("POST", "/v1/billing/meters/:id/deactivate", (ctx) => setStatus(ctx, "inactive"));
  router.add("POST", "/v1/billing/meters/:id/reactivate", (ctx) => setStatus(ctx, "active"));
  router.add("GET", "/v1/billing/meters/:id/event_summaries", (ctx) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        customer: str(),
        start_time: int(),
        end_time: int(),
        value_grouping_window: z.enum(["day", "hour"]).optional(),
      }),
      ctx.params,
    );
    const meter = meterOf(ctx);
    mustGet(ctx.tx, "customer", p.customer, "customer", "customer");
    const summaries = meterEventSummaries(ctx.tx, meter, p.customer, p.start_time, p.end_time, p.value_grouping_window);
    return listObject(summaries, p, `/v1/billing/meters/${meter.id}/event_summaries`);
  });
  router.add("POST", "/v1/billing/meter_events", (ctx) => {
    const p = parseParams(
      obj({
        event_name: str().min(1).max(100),
        payload: z.record(z.string(), z.string()),
        identifier: str().min(1).max(100).optional(),
        timestamp: int().optional(),
      }),
      ctx.params,
    );
    return recordMeterEvent(ctx, p);
  });
}
