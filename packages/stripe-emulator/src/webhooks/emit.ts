import Stripe from "stripe";
import type { AccountSettings, ApiContext, Outcomes } from "../http/router";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import type { Dispatcher } from "./dispatcher";

/** Records a Stripe event in the transaction and queues its deliveries, which start once the transaction commits. */
function emitEvent(
  dispatcher: Dispatcher,
  tx: Tx,
  ctx: Pick<ApiContext, "now" | "requestId" | "idempotencyKey">,
  type: string,
  object: Stored,
  previous?: Record<string, unknown>,
): void {
  const event = {
    id: newId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: ctx.now,
    data: { object: structuredClone(object), ...(previous && Object.keys(previous).length > 0 ? { previous_attributes: previous } : {}) },
    livemode: false,
    pending_webhooks: 0,
    request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey ?? null },
    type,
  };
  dispatcher.enqueue(tx, event, ctx.now);
  tx.put(event);
}

/** What an emulator gives every context it makes: its dispatcher, its account settings and its outcomes. */
export type ContextSource = { dispatcher: Dispatcher; account: AccountSettings; outcomes: Outcomes };

/** An API context whose emit() records events in the same transaction. */
export function contextWithEvents(
  source: ContextSource,
  tx: Tx,
  base: Omit<ApiContext, "tx" | "emit" | "account" | "outcomes">,
): ApiContext {
  const ctx: ApiContext = {
    ...base,
    tx,
    account: source.account,
    outcomes: source.outcomes,
    emit: (type, object, previous) => emitEvent(source.dispatcher, tx, ctx, type, object, previous),
  };
  return ctx;
}
