import type Stripe from "stripe";

/** The Stripe customer an event is about, when it is about one: events of one customer are processed in order, one at a time. */
export function customerOfEvent(event: Pick<Stripe.Event, "data">): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: string | { id: string } | null };
  if (object.object === "customer" && typeof object.id === "string") return object.id;
  const customer = object.customer;
  if (typeof customer === "string") return customer;
  if (customer && typeof customer === "object" && typeof customer.id === "string") return customer.id;
  return null;
}

export function queueForCustomer(customerId: string | null): string {
  return customerId ? `stripe:${customerId}` : "stripe:no-customer";
}
