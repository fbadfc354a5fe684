import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import { customerOnTestClock, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { enqueuePendingEvents } from "./enqueue-pending";
import { customerOfEvent } from "./event-customer";
import { isHandled } from "./handlers";
import { processStoredEvent } from "./process-event";

// No worker: the events wait, stored, until the test hands one of them to the processing a job would do.
const stack = setUpBillingStack({ worker: false });

/** Waits until every event Stripe has about the customer is stored, and returns the handled ones still pending. */
async function waitingFor(customerId: string, atLeast: number) {
  return vi.waitUntil(
    async () => {
      const sent = (await stack().stripe.events.list({ limit: 100 })).data.filter((e) => customerOfEvent(e) === customerId);
      const stored = await db.stripeEvent.findMany({ where: { customerId }, orderBy: { stripeCreatedAt: "asc" } });
      const pending = stored.filter((e) => e.status === "pending");
      return stored.length === sent.length && pending.length >= atLeast ? pending : null;
    },
    { timeout: 10_000, interval: 50 },
  );
}

const processCounting = (eventId: string) =>
  inStripeWorkScope({}, () => processStoredEvent(eventId, { number: 1, maxAttempts: env().WEBHOOK_MAX_ATTEMPTS }));

describe("a customer's waiting events are handled together", () => {
  it("costs one read of the invoice and one of the subscription for all the events of a subscription's start, and of its renewal", async () => {
    const org = await makeOrg([[await makeUser(), "owner"]]);
    const clock = await customerOnTestClock(stack(), org.id);
    const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId });
    const team = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
    const sub = await stack().stripe.subscriptions.create({
      customer: clock.customerId,
      items: [{ price: team }],
      default_payment_method: card.id,
    });

    const started = await waitingFor(clock.customerId, 4);
    expect(started.every((e) => isHandled(e.type))).toBe(true);
    const first = await processCounting(started[0]!.id);
    expect(first.calls).toBe(2);
    expect(await db.stripeEvent.count({ where: { customerId: clock.customerId, status: "pending" } })).toBe(0);
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({
      status: "active",
      planCode: "team",
    });
    expect(await db.invoice.count({ where: { orgId: org.id, status: "paid" } })).toBe(1);

    const periodEnd = new Date(sub.items.data[0]!.current_period_end * 1000);
    await clock.advanceTo(new Date(periodEnd.getTime() + 3_600_000));
    const renewal = await waitingFor(clock.customerId, 4);
    await enqueuePendingEvents();
    const renewed = await processCounting(renewal[0]!.id);
    expect(renewed.calls).toBe(2);
    // The batch took the other events' jobs off the queue: none starts only to find its event done.
    const [queued] = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from graphile_worker.jobs where key = any(${renewal.map((e) => `stripe_event:${e.id}`)}::text[])`;
    expect(queued!.n).toBe(1);
    expect(await db.stripeEvent.count({ where: { customerId: clock.customerId, status: "pending" } })).toBe(0);
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({
      currentPeriodStart: periodEnd,
    });
    expect(await db.invoice.count({ where: { orgId: org.id, status: "paid" } })).toBe(2);

    // The jobs of the events handled in the batch find them done and call Stripe no more.
    for (const event of renewal.slice(1)) expect((await processCounting(event.id)).calls).toBe(0);
  });
});
