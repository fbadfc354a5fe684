import "server-only";
import type Stripe from "stripe";
import { chargeHandlers } from "./charges";
import { checkoutHandlers } from "./checkout";
import { customerHandlers } from "./customers";
import { disputeHandlers } from "./disputes";
import { optionsFor } from "./handler";
import { invoiceHandlers } from "./invoices";
import { paymentIntentHandlers } from "./payment-intents";
import { subscriptionHandlers } from "./subscriptions";

/** Every event type Tollgate acts on, by family; others are stored for the record and need no processing. */
export const HANDLERS = {
  ...checkoutHandlers,
  ...customerHandlers,
  ...subscriptionHandlers,
  ...invoiceHandlers,
  ...chargeHandlers,
  ...disputeHandlers,
  ...paymentIntentHandlers,
};

export type HandledEventType = keyof typeof HANDLERS;

export const isHandled = (type: string): type is HandledEventType => Object.hasOwn(HANDLERS, type);

/** Handles one event by type; unknown types are stored and acknowledged but need no work. */
export async function handleStripeEvent(event: Stripe.Event): Promise<void> {
  if (isHandled(event.type)) await HANDLERS[event.type](event, optionsFor(event));
}
