import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
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
});
