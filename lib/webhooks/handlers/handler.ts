import type Stripe from "stripe";
import { causedByEvent } from "@/lib/audit/billing-audit";
import type { SyncOptions } from "@/lib/billing/sync/sync-options";

/** Acts on one stored Stripe event; the event's own id and time are the cause and the moment of what it changes. */
export type Handler = (event: Stripe.Event, options: SyncOptions) => Promise<void>;

/** One family's handlers, by the event types it acts on. */
export type Handlers = Partial<Record<Stripe.Event.Type, Handler>>;

export const objectId = (event: Stripe.Event) => (event.data.object as { id: string }).id;

export const optionsFor = (event: Stripe.Event): SyncOptions => ({
  cause: causedByEvent(event.id),
  eventAt: new Date(event.created * 1000),
});
