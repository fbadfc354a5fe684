import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeOrg, makeUser } from "@/test/support/factories";
import { listWebhookEvents, retryFailedEvents } from "./webhook-events";

async function storedEvent(status: "failed" | "processed" | "pending", customerId: string | null, payload: object | null = { id: "x" }) {
  return db.stripeEvent.create({
    data: {
      id: `evt_${randomUUID()}`,
      type: "customer.subscription.updated",
      stripeCreatedAt: new Date(),
      customerId,
      payload: payload ?? undefined,
      status,
      attempts: status === "failed" ? 3 : 1,
      lastError: status === "failed" ? "Stripe said no" : null,
    },
  });
}

describe("retrying failed webhook events", () => {
  it("puts a failed event back to pending with fresh attempts, audited for the operator and the org", async () => {
    const operator = await makeUser();
    const org = await makeOrg([[operator, "owner"]]);
    const customer = `cus_${randomUUID()}`;
    await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer } });
    const failed = await storedEvent("failed", customer);
    expect(await retryFailedEvents([failed.id], operator.id)).toEqual({ retried: [failed.id] });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: "pending",
      attempts: 0,
      lastError: null,
    });
    expect(await db.billingAuditEntry.findFirstOrThrow({ where: { action: "webhook.retried", stripeEventId: failed.id } })).toMatchObject({
      orgId: org.id,
      actorUserId: operator.id,
    });
  });

  it("refuses an event that is not failed (409) or does not exist (404), and one whose payload was pruned", async () => {
    const operator = await makeUser();
    const processed = await storedEvent("processed", null);
    const pruned = await storedEvent("failed", null, null);
    await expect(retryFailedEvents([processed.id], operator.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(retryFailedEvents([pruned.id], operator.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(retryFailedEvents(["evt_nope"], operator.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: processed.id } })).toMatchObject({ status: "processed" });
  });

  it("retries every failed event at once, and lists what is failed and pending", async () => {
    const operator = await makeUser();
    const a = await storedEvent("failed", null);
    const b = await storedEvent("failed", null);
    const listed = await listWebhookEvents({ isSuperadmin: true }, { status: "failed", limit: 200 });
    expect(listed.events.map((e) => e.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(listed.failed).toBeGreaterThanOrEqual(2);
    const { retried } = await retryFailedEvents("all", operator.id);
    expect(retried).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await db.stripeEvent.count({ where: { id: { in: [a.id, b.id] }, status: "failed" } })).toBe(0);
  });
});
