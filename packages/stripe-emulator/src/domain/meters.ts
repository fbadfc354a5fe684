import type Stripe from "stripe";
import { invalidRequest } from "../http/errors";
import type { DomainContext } from "../http/router";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { DAY, nowFor } from "./time";

export type Meter = Stored & Stripe.Billing.Meter;

/** A meter event as the emulator keeps it: Stripe's object, with the customer and meter it was counted for. */
type StoredMeterEvent = Stored & {
  object: "emulator.meter_event";
  event: Stripe.Billing.MeterEvent;
  meter: string | null;
  customer: string | null;
  value: number | null;
};

/** When an identifier last arrived, in the customer's time. */
type SeenIdentifier = Stored & { object: "emulator.meter_event_identifier"; receivedAt: number };

/**
 * Stripe keeps an identifier for at least 24 hours; the emulator for exactly that, in the customer's time (a test clock
 * moved past it lets a test see a late resend counted again, as it would be on Stripe).
 */
const IDENTIFIER_WINDOW = DAY;
/** How far from the customer's present an event's timestamp may lie. */
const PAST_WINDOW = 35 * DAY;
const FUTURE_WINDOW = 5 * 60;

export function activeMeterFor(tx: Tx, eventName: string): Meter | undefined {
  return tx.all<Meter>("billing.meter").find((m) => m.event_name === eventName && m.status === "active");
}

/**
 * Records a meter event as Stripe's synchronous checks see it: the payload's shape, the timestamp's window (in the
 * customer's time: their test clock's, if they have one) and the identifier not seen in the last 24 hours. What Stripe
 * finds only later (no active meter for the name, no such customer, a value that is not a number) makes the event count
 * for nothing, as Stripe's asynchronous processing drops it.
 */
export function recordMeterEvent(
  ctx: DomainContext,
  p: { event_name: string; payload: Record<string, string>; identifier?: string; timestamp?: number },
): Stripe.Billing.MeterEvent {
  const meter = activeMeterFor(ctx.tx, p.event_name) ?? null;
  // The customer whose time the event is in, as the meter of that name (active or not) maps it.
  const mapping = meter ?? ctx.tx.all<Meter>("billing.meter").find((m) => m.event_name === p.event_name);
  const customerKey = mapping?.customer_mapping.event_payload_key ?? "stripe_customer_id";
  const customerId = p.payload[customerKey] ?? null;
  const customer = customerId && ctx.tx.get(customerId)?.object === "customer" ? customerId : null;
  const present = nowFor(ctx.tx, customer, ctx.now);
  const timestamp = p.timestamp ?? present;
  if (timestamp < present - PAST_WINDOW || timestamp > present + FUTURE_WINDOW)
    throw invalidRequest("The timestamp must be within the past 35 calendar days or up to 5 minutes in the future.", {
      param: "timestamp",
    });
  const identifier = p.identifier ?? newId("", 24).slice(1);
  const seen = ctx.tx.get<SeenIdentifier>(`mtrid_${identifier}`);
  if (seen && seen.receivedAt > present - IDENTIFIER_WINDOW)
    throw invalidRequest(`An event already exists with identifier ${identifier}.`, { param: "identifier" });
  const raw = meter ? p.payload[meter.value_settings.event_payload_key] : undefined;
  const value = raw !== undefined && raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : null;
  const event: Stripe.Billing.MeterEvent = {
    object: "billing.meter_event",
    created: ctx.now,
    event_name: p.event_name,
    identifier,
    livemode: false,
    payload: { ...p.payload },
    timestamp,
  };
  // A resend after the window is a new event, counted again, as on Stripe.
  ctx.tx.put({ id: `mtrid_${identifier}`, object: "emulator.meter_event_identifier", receivedAt: present } satisfies SeenIdentifier);
  ctx.tx.put({
    id: newId("mtrevt"),
    object: "emulator.meter_event",
    event,
    meter: meter?.id ?? null,
    customer,
    value,
  } satisfies StoredMeterEvent);
  return event;
}

/**
 * A meter with an `event_time_window` takes events that are already totals for their hour or UTC day: the last one
 * received for a window replaces the ones before it. `events` is newest first, as the store lists them.
 */
function preAggregated(meter: Meter, events: StoredMeterEvent[]): StoredMeterEvent[] {
  if (!meter.event_time_window) return events;
  const size = meter.event_time_window === "hour" ? 3600 : DAY;
  const latest = new Map<number, StoredMeterEvent>();
  for (const e of events) {
    const window = Math.floor(e.event.timestamp / size);
    if (!latest.has(window)) latest.set(window, e);
  }
  return [...latest.values()];
}

/** What a meter's events add up to by its formula (0 when none counted). */
function aggregate(meter: Meter, events: StoredMeterEvent[]): number {
  const counted = events.filter((e) => meter.default_aggregation.formula === "count" || e.value !== null);
  if (meter.default_aggregation.formula === "count") return counted.length;
  if (meter.default_aggregation.formula === "last") {
    const last = counted.reduce<StoredMeterEvent | null>(
      (latest, e) => (!latest || e.event.timestamp >= latest.event.timestamp ? e : latest),
      null,
    );
    return last?.value ?? 0;
  }
  return counted.reduce((sum, e) => sum + e.value!, 0);
}

/** A meter's usage by a customer over [start, end), as a metered price bills it (any seconds, not only whole minutes). */
export function meterUsage(tx: Tx, meterId: string, customer: string, start: number, end: number): number {
  const meter = tx.get<Meter>(meterId);
  if (!meter) return 0;
  return aggregate(
    meter,
    preAggregated(
      meter,
      tx
        .all<StoredMeterEvent>("emulator.meter_event")
        .filter((e) => e.meter === meter.id && e.customer === customer && e.event.timestamp >= start && e.event.timestamp < end),
    ),
  );
}

/**
 * Event summaries of one meter for one customer over [start, end): one for the whole range, or one per hour or UTC day
 * with `window`, newest first. Stripe aggregates asynchronously; the emulator sums at once.
 */
export function meterEventSummaries(
  tx: Tx,
  meter: Meter,
  customer: string,
  start: number,
  end: number,
  window: "hour" | "day" | undefined,
): Stripe.Billing.MeterEventSummary[] {
  const step = window === "hour" ? 3600 : window === "day" ? DAY : 60;
  if (start % step !== 0 || end % step !== 0)
    throw invalidRequest(
      window
        ? `start_time and end_time must be aligned with ${window} boundaries for this value_grouping_window.`
        : "start_time and end_time must be aligned with minute boundaries.",
      { param: start % step !== 0 ? "start_time" : "end_time" },
    );
  if (end <= start) throw invalidRequest("end_time must be after start_time.", { param: "end_time" });
  const events = preAggregated(
    meter,
    tx
      .all<StoredMeterEvent>("emulator.meter_event")
      .filter((e) => e.meter === meter.id && e.customer === customer && e.event.timestamp >= start && e.event.timestamp < end),
  );
  const windows: [number, number][] = [];
  if (!window) windows.push([start, end]);
  else for (let at = start; at < end; at += step) windows.push([at, at + step]);
  return windows.reverse().map(([from, to]) => ({
    id: `mtrsum_${meter.id.slice(4)}_${customer.slice(4)}_${from}`,
    object: "billing.meter_event_summary",
    aggregated_value: aggregate(
      meter,
      events.filter((e) => e.event.timestamp >= from && e.event.timestamp < to),
    ),
    end_time: to,
    livemode: false,
    meter: meter.id,
    start_time: from,
  }));
}
