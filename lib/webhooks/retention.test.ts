import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { CLEANUP_TASK } from "@/lib/jobs/scheduled-jobs";
import { drained, signedDelivery, subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { pruneStripeEvents } from "./retention";

const stack = setUpBillingStack();
const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

describe("webhook event retention", () => {
  it("drops processed payloads after 7 days and ids after 45, still recognising a redelivery in between; pending and failed events are kept", async () => {
    const { org, customerId } = await subscribedOrg(stack());
    await drained();
    const processed = await db.stripeEvent.findMany({ where: { customerId, status: "processed" } });
    expect(processed.length).toBeGreaterThan(0);
    const failed = processed[0]!;
    await db.stripeEvent.update({ where: { id: failed.id }, data: { status: "failed", lastError: "kept for an operator" } });

    expect(await pruneStripeEvents(daysFromNow(6))).toEqual({ payloadsDropped: 0, eventsDeleted: 0 });
    const dropped = await pruneStripeEvents(daysFromNow(8));
    expect(dropped.eventsDeleted).toBe(0);
    expect(dropped.payloadsDropped).toBeGreaterThanOrEqual(processed.length - 1);
    const kept = await db.stripeEvent.findMany({ where: { customerId } });
    expect(kept.filter((e) => e.id !== failed.id).every((e) => e.payload === null && e.status === "processed")).toBe(true);
    expect(kept.find((e) => e.id === failed.id)?.payload).not.toBeNull();

    // Stripe resends an event processed (and pruned) days ago: it is recognised and nothing happens twice.
    const audited = await db.billingAuditEntry.count({ where: { orgId: org.id } });
    const again = processed.find((e) => e.type === "customer.subscription.created")!;
    const resent = await stack().stripe.events.retrieve(again.id);
    const res = await signedDelivery(stack(), JSON.stringify(resent));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, duplicate: true });
    await drained();
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: again.id } })).toMatchObject({ status: "processed", payload: null });
    expect(await db.billingAuditEntry.count({ where: { orgId: org.id } })).toBe(audited);

    const gone = await pruneStripeEvents(daysFromNow(46));
    expect(gone.eventsDeleted).toBeGreaterThanOrEqual(processed.length - 1);
    expect((await db.stripeEvent.findMany({ where: { customerId } })).map((e) => e.id)).toEqual([failed.id]);
  });

  it("runs weekly on the worker as cleanup_stale_subscriptions, re-reading a mirror still incomplete after Stripe would have expired it", async () => {
    const { org } = await subscribedOrg(stack());
    // The subscription's own events settle first: one processed after the tampering would repair it before the job does.
    await drained();
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    await db.subscription.update({
      where: { id: sub.id },
      data: { status: "incomplete", createdAt: new Date(Date.now() - 2 * DAY) },
    });
    await db.$executeRaw`select graphile_worker.add_job(${CLEANUP_TASK}::text, '{}'::json, max_attempts => 1)`;
    await vi.waitUntil(async () => (await db.subscription.findUniqueOrThrow({ where: { id: sub.id } })).status === "active", {
      timeout: 10_000,
      interval: 50,
    });
    const repaired = await db.billingAuditEntry.findFirstOrThrow({
      where: { orgId: org.id, action: "subscription.status_changed", actor: `system:${CLEANUP_TASK}` },
    });
    expect(repaired.after).toMatchObject({ status: "active" });
  });
});
