import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { drained, signedDelivery, subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { createTopUpIntent } from "./topup-intent";

const stack = setUpBillingStack();

const paidOrg = () => subscribedOrg(stack());

const balanceOf = async (orgId: string) => (await db.organization.findUniqueOrThrow({ where: { id: orgId } })).creditBalance;

async function eventsAbout(type: string, objectId: string): Promise<Stripe.Event[]> {
  const all = await stack().stripe.events.list({ type, limit: 100 });
  return all.data.filter((e) => {
    const o = e.data.object as { id: string; payment_intent?: string };
    return o.id === objectId || o.payment_intent === objectId;
  });
}

describe("top-ups are credited from Tollgate's own record", () => {
  it("credits nothing for an intent made outside Tollgate with top-up metadata, and tells operators once", async () => {
    const { org, customerId } = await paidOrg();
    const forged = await stack().stripe.paymentIntents.create({
      amount: 50,
      currency: "usd",
      customer: customerId,
      payment_method: "pm_card_visa",
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { kind: "credit_topup", orgId: org.id, packId: "credits_20000", credits: "1000000" },
    });
    expect(forged.status).toBe("succeeded");
    await vi.waitUntil(() => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "credits.unknown_top_up" } }), {
      timeout: 5_000,
      interval: 20,
    });
    await drained();
    expect(await balanceOf(org.id)).toBe(0);
    const [succeeded] = await eventsAbout("payment_intent.succeeded", forged.id);
    await db.stripeEvent.delete({ where: { id: succeeded!.id } });
    await signedDelivery(stack(), JSON.stringify(succeeded));
    await drained();
    expect(await db.billingAuditEntry.count({ where: { orgId: org.id, action: "credits.unknown_top_up" } })).toBe(1);
    expect(await balanceOf(org.id)).toBe(0);
  });

  it("credits nothing when Tollgate's own intent was changed to a lower amount before paying", async () => {
    const { owner, org } = await paidOrg();
    const intent = await createTopUpIntent(org, owner.id, { pack: "credits_20000" });
    await stack().stripe.paymentIntents.update(intent.paymentIntentId, { amount: 50, metadata: { credits: "1000000" } });
    await stack().stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: "pm_card_visa" });
    await vi.waitUntil(() => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "credits.top_up_mismatch" } }), {
      timeout: 5_000,
      interval: 20,
    });
    expect(await balanceOf(org.id)).toBe(0);
    expect((await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: intent.paymentIntentId } })).state).toBe("rejected");
  });
});

describe("a top-up's credits follow its current state, whatever order the events come in", () => {
  it("ends at the pack less the refunded share when the refund is processed before the payment", async () => {
    const { owner, org } = await paidOrg();
    const intent = await createTopUpIntent(org, owner.id, { pack: "credits_1000" });
    await stack().stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: "pm_card_visa" });
    await stack().stripe.refunds.create({ payment_intent: intent.paymentIntentId, amount: 500 });
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 500, { timeout: 5_000, interval: 20 });
    await drained();

    // Forget everything local, then let the refund arrive first and the payment after it.
    const [refunded] = await eventsAbout("charge.refunded", intent.paymentIntentId);
    const [succeeded] = await eventsAbout("payment_intent.succeeded", intent.paymentIntentId);
    await db.$transaction([
      db.creditLedgerEntry.deleteMany({ where: { orgId: org.id } }),
      db.organization.update({ where: { id: org.id }, data: { creditBalance: 0 } }),
      db.topUpPurchase.update({ where: { stripePaymentIntentId: intent.paymentIntentId }, data: { creditsGranted: 0, state: "pending" } }),
      db.stripeEvent.deleteMany({ where: { id: { in: [refunded!.id, succeeded!.id] } } }),
    ]);
    for (const event of [refunded!, succeeded!, refunded!]) {
      await db.stripeEvent.deleteMany({ where: { id: event.id } });
      expect((await signedDelivery(stack(), JSON.stringify(event))).status).toBe(200);
      await drained();
    }
    expect(await balanceOf(org.id)).toBe(500);
    const sum = await db.creditLedgerEntry.aggregate({ where: { orgId: org.id }, _sum: { delta: true } });
    expect(sum._sum.delta).toBe(500);
  });
});

/** A top-up paid with the card whose payment is disputed at once, settled as disputed. */
async function disputedTopUp() {
  const { owner, org } = await paidOrg();
  const intent = await createTopUpIntent(org, owner.id, { pack: "credits_1000" });
  await stack().stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: "pm_card_createDispute" });
  const purchaseState = async () =>
    (await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: intent.paymentIntentId } })).state;
  await vi.waitUntil(async () => (await purchaseState()) === "disputed", { timeout: 5_000, interval: 20 });
  await drained();
  const [dispute] = (await stack().stripe.disputes.list({ payment_intent: intent.paymentIntentId })).data;
  return { org, intent, dispute: dispute! };
}

describe("disputed top-ups", () => {
  it("withhold the credits while the dispute is open and give them back when it is won", async () => {
    const { org, dispute } = await disputedTopUp();
    expect(await balanceOf(org.id)).toBe(0);

    await stack().stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: "winning_evidence" } });
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 1000, { timeout: 5_000, interval: 20 });
    await drained();
    expect(await balanceOf(org.id)).toBe(1000);
    expect(await db.billingAuditEntry.count({ where: { orgId: org.id, action: "credits.top_up_succeeded" } })).toBe(1);
  });

  it("keep the credits away when the dispute is lost", async () => {
    const { org, intent, dispute } = await disputedTopUp();
    await stack().stripe.disputes.close(dispute.id);
    await vi.waitUntil(
      async () =>
        (await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: intent.paymentIntentId } })).state === "dispute_lost",
      { timeout: 5_000, interval: 20 },
    );
    await drained();
    expect(await balanceOf(org.id)).toBe(0);
  });
});

describe("disputed invoices", () => {
  it("are recorded for operators, once per dispute and status", async () => {
    const { org } = await subscribedOrg(stack(), "pm_card_createDispute");
    const opened = await vi.waitUntil(
      () => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "invoice.dispute_needs_response" } }),
      { timeout: 5_000, interval: 20 },
    );
    expect(opened).toMatchObject({ kind: "mismatch", after: expect.objectContaining({ amount: 1200, reason: "fraudulent" }) });
    const dispute = (opened.after as { dispute: string }).dispute;
    await stack().stripe.disputes.close(dispute);
    await vi.waitUntil(() => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "invoice.dispute_lost" } }), {
      timeout: 5_000,
      interval: 20,
    });
    await drained();
    expect(await db.billingAuditEntry.count({ where: { orgId: org.id, action: "invoice.dispute_needs_response" } })).toBe(1);
  });
});
