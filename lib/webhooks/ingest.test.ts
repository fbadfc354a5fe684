import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { storeStripeEvent } from "@/lib/webhooks/ingest";
import { drained, signedDelivery, setUpBillingStack } from "@/test/support/billing-stack";

// Deliveries reach the web process's edge, as Stripe's do (test/webhook-route.test.ts holds the route handler to it).
const stack = setUpBillingStack({ deliver: false });

const eventBody = (id: string, type = "customer.updated") =>
  JSON.stringify({
    id,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: "cus_unknown", object: "customer" } },
  });

const post = (body: string, signature?: string) =>
  fetch(stack().webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body,
  });

const sign = (payload: string, timestamp: number, secret = stack().webhookSecret) =>
  requireStripe().webhooks.generateTestHeaderString({ payload, secret, timestamp });

describe("the webhook endpoint", () => {
  it("refuses unsigned, tampered, wrongly keyed, stale and future-dated deliveries with 400 and stores nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = eventBody("evt_refused_1");
    const attempts = [
      post(body),
      post(body.replace("customer.updated", "invoice.paid"), sign(body, now)),
      post(body, sign(body, now, "whsec_someone_else")),
      post(body, sign(body, now - 301)),
      // Well past the tolerance: a delivery checked a few seconds after signing must still be refused.
      post(body, sign(body, now + 330)),
      post("not json", sign("not json", now)),
      post('{"id":"evt_x","type":"x"}', sign('{"id":"evt_x","type":"x"}', now)),
    ];
    const answers = await Promise.all(attempts.map(async (a) => ({ status: (await a).status, body: await (await a).json() })));
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [400, "invalid_signature"],
      [400, "invalid_signature"],
      [400, "invalid_signature"],
      [400, "invalid_signature"],
      [400, "invalid_signature"],
      [400, "invalid_signature"],
      [400, "bad_request"],
    ]);
    expect(await db.stripeEvent.count({ where: { id: "evt_refused_1" } })).toBe(0);
    expect(await db.stripeEvent.count()).toBe(0);
  });

  it("accepts a signature within the tolerance either way", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [id, at] of [
      ["evt_edge_past", now - 270],
      ["evt_edge_future", now + 270],
    ] as const) {
      const body = eventBody(id);
      expect((await post(body, sign(body, at))).status).toBe(200);
    }
    expect(await db.stripeEvent.count({ where: { id: { in: ["evt_edge_past", "evt_edge_future"] } } })).toBe(2);
  });

  it("stores an event once: a redelivery is acknowledged as a duplicate; unknown types are stored and processed", async () => {
    const body = eventBody("evt_twice", "some.future_event");
    const first = await signedDelivery(stack(), body);
    const second = await signedDelivery(stack(), body);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    await vi.waitUntil(async () => (await db.stripeEvent.findUnique({ where: { id: "evt_twice" } }))?.status === "processed", {
      timeout: 5_000,
      interval: 20,
    });
    expect(await db.stripeEvent.count({ where: { id: "evt_twice" } })).toBe(1);
    await drained();
  });

  it("keeps an event that keeps failing as failed, with an audit entry for operators, and queues it again on redelivery", async () => {
    // An invoice event whose invoice Stripe has never heard of... resolves to nothing; a malformed object id makes the handler throw.
    const body = JSON.stringify({
      id: "evt_poison",
      object: "event",
      type: "invoice.paid",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: "", object: "invoice" } },
    });
    expect((await signedDelivery(stack(), body)).status).toBe(200);
    const failed = await vi.waitUntil(
      async () => {
        const e = await db.stripeEvent.findUnique({ where: { id: "evt_poison" } });
        return e?.status === "failed" ? e : null;
      },
      { timeout: 40_000, interval: 20 },
    ); // the queue's backoff alone is e¹ + e² ≈ 10 s before the third attempt, plus polling on a busy box
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toBeTruthy();
    const audit = await db.billingAuditEntry.findFirstOrThrow({ where: { stripeEventId: "evt_poison" } });
    expect(audit).toMatchObject({ kind: "failure", action: "webhook.failed", resolvedAt: null });

    expect(await (await signedDelivery(stack(), body)).json()).toEqual({ received: true, duplicate: true });
    await vi.waitUntil(async () => (await db.stripeEvent.findUnique({ where: { id: "evt_poison" } }))?.attempts === 1, {
      timeout: 5_000,
      interval: 20,
    });
  }, 60_000);

  it("stores a burst delivered at once exactly once per event, duplicates in the same moment included, and refuses only what PostgreSQL refuses", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `evt_burst_${i}`);
    const deliveries = ids.flatMap((id) => Array.from({ length: 4 }, () => eventBody(id)));
    // JSON's \u0000 is valid JSON that PostgreSQL's jsonb refuses: it must not take the burst down with it.
    const nul = eventBody("evt_burst_nul").replace('"cus_unknown"', '"cus_\\u0000"');
    // In the middle, where the deliveries arriving together share one insert.
    const burst = [...deliveries.slice(0, 24), nul, ...deliveries.slice(24)];
    const answers = await Promise.all(burst.map(async (body) => signedDelivery(stack(), body)));
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ duplicate?: boolean; error?: { code: string } }>));
    expect(answers.map((a) => a.status)).toEqual(burst.map((body) => (body === nul ? 400 : 200)));
    expect(bodies.filter((b) => b.duplicate === false)).toHaveLength(ids.length);
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(ids.length * 3);
    expect(bodies[24]!.error?.code).toBe("bad_request");
    expect(await db.stripeEvent.count({ where: { id: { startsWith: "evt_burst_" } } })).toBe(ids.length);
  });

  it("shares one insert among events stored at the same moment, where a row PostgreSQL refuses fails alone", async () => {
    // Called in one tick: the first few inserts start at once, the rest wait and go in together.
    const store = (events: Stripe.Event[]) => Promise.allSettled(events.map((e) => storeStripeEvent(e, JSON.stringify(e))));
    const together = Array.from({ length: 40 }, (_, i) => JSON.parse(eventBody(`evt_group_${i % 30}`)) as Stripe.Event);
    const first = await store(together);
    // Each id stored by exactly one of its calls (which one is PostgreSQL's to decide when two inserts race).
    const storedBy = new Map<string, number>();
    for (const r of first)
      if (r.status === "fulfilled" && !r.value.duplicate) storedBy.set(r.value.eventId, (storedBy.get(r.value.eventId) ?? 0) + 1);
    expect(first.every((r) => r.status === "fulfilled")).toBe(true);
    expect([...storedBy.values()]).toEqual(Array.from({ length: 30 }, () => 1));
    expect(await db.stripeEvent.count({ where: { id: { startsWith: "evt_group_" } } })).toBe(30);

    const withRefused = Array.from({ length: 12 }, (_, i) => JSON.parse(eventBody(`evt_group_more_${i}`)) as Stripe.Event);
    withRefused[8] = JSON.parse(eventBody("evt_group_nul").replace('"cus_unknown"', '"cus_\\u0000"')) as Stripe.Event;
    const second = await store(withRefused);
    expect(second.map((r) => r.status)).toEqual(withRefused.map((_, i) => (i === 8 ? "rejected" : "fulfilled")));
    expect(await db.stripeEvent.count({ where: { id: { startsWith: "evt_group_more_" } } })).toBe(11);
  });
});
