import type Stripe from "stripe";
import { storeStripeEvent } from "@/lib/webhooks/ingest";

/** Stores a handled event (pending, for the worker) about a subscription of `customerId`, as a delivery would; its id. */
export async function storeSubscriptionEvent(customerId: string): Promise<string> {
  const event = {
    id: `evt_test_${Math.random().toString(36).slice(2)}`,
    object: "event",
    type: "customer.subscription.updated",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `sub_of_${customerId}`, object: "subscription", customer: customerId } },
  } as unknown as Stripe.Event;
  await storeStripeEvent(event, JSON.stringify(event));
  return event.id;
}
