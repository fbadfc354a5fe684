// Real subscription lives for the webhook benchmark: Tollgate orgs whose customers subscribe, upgrade,
// schedule a cancellation and cancel in the emulator. Their events are what the worker really handles:
// each re-read from Stripe and mirrored, not a 404 for an invoice that doesn't exist.
import type Stripe from "stripe";
import { db } from "../lib/db";
import { load } from "./load";

async function oneLife(stripe: Stripe, prices: { team: string; business: string }, n: number): Promise<void> {
  const org = await db.organization.create({ data: { slug: `life-${n}-${Date.now().toString(36)}`, name: `Life ${n}` } });
  const customer = await stripe.customers.create({ metadata: { orgId: org.id } });
  await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
  const card = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: prices.team }],
    default_payment_method: card.id,
    metadata: { orgId: org.id },
  });
  const item = sub.items.data[0]!.id;
  await stripe.subscriptions.update(sub.id, { items: [{ id: item, price: prices.business }], proration_behavior: "always_invoice" });
  await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
  await stripe.subscriptions.cancel(sub.id);
}

/** Lives enough for `atLeast` events; returns every event Stripe recorded, oldest first. */
export async function lifecycleEvents(stripe: Stripe, atLeast: number): Promise<Stripe.Event[]> {
  const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
  const business = await db.plan.findUniqueOrThrow({ where: { code: "business" } });
  const prices = { team: team.stripeMonthlyPriceId!, business: business.stripeMonthlyPriceId! };
  let lives = 0;
  let events: Stripe.Event[] = [];
  while (events.length < atLeast) {
    const batch = lives === 0 ? 20 : Math.ceil(((atLeast - events.length) / events.length) * lives * 1.1) + 1;
    await load(batch, 8, (i) => oneLife(stripe, prices, lives + i));
    lives += batch;
    events = [];
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
  }
  return events.reverse();
}
