import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { db } from "@/lib/db";
import { customerOnTestClock, drained, payCheckout, signedDelivery, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { seededRandom } from "@/test/support/seeded-random";

const DAY = 86_400_000;
const stack = setUpBillingStack();

/** Everything the app keeps about an org's billing, without row ids and bookkeeping times. */
async function billingState(orgId: string) {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { planCode: true, subscriptionStatus: true, trialUsedAt: true },
  });
  const subscriptions = await db.subscription.findMany({
    where: { orgId },
    orderBy: { stripeSubscriptionId: "asc" },
    omit: { id: true, syncedAt: true, updatedAt: true },
  });
  const invoices = await db.invoice.findMany({
    where: { orgId },
    orderBy: { stripeInvoiceId: "asc" },
    omit: { id: true, updatedAt: true },
  });
  return { org, subscriptions, invoices };
}

async function auditKeys(orgId: string) {
  const entries = await db.billingAuditEntry.findMany({ where: { orgId } });
  return entries.map((e) => JSON.stringify([e.action, e.before, e.after]));
}

async function forgetLocalBilling(orgId: string) {
  await db.$transaction([
    db.subscription.deleteMany({ where: { orgId } }),
    db.invoice.deleteMany({ where: { orgId } }),
    db.billingAuditEntry.deleteMany({ where: { orgId } }),
    db.trialFingerprint.deleteMany({ where: { orgId } }),
    db.stripeEvent.deleteMany({}),
    db.organization.update({ where: { id: orgId }, data: { planCode: "free", subscriptionStatus: null, trialUsedAt: null } }),
  ]);
}

describe("webhook delivery order", () => {
  it("ends in the same state when every event of a subscription's life arrives twice and shuffled, with no duplicate audit entries", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const clock = await customerOnTestClock(stack(), org.id);

    // The life, delivered live and in order, each step processed before the next.
    await payCheckout(stack(), (await createCheckout(org, owner.id, { plan: "team", interval: "month" })).sessionId);
    const sub = await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id, status: "trialing" } }), {
      timeout: 5_000,
      interval: 20,
    });
    await clock.advanceTo(new Date(sub.trialEnd!.getTime() + 3_600_000));
    await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id, status: "active" } }), { timeout: 5_000, interval: 20 });
    const business = await db.plan.findUniqueOrThrow({ where: { code: "business" } });
    await stack().stripe.subscriptions.update(sub.stripeSubscriptionId, {
      items: [{ id: sub.stripeItemId!, price: business.stripeMonthlyPriceId! }],
      proration_behavior: "always_invoice",
    });
    await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id, planCode: "business" } }), {
      timeout: 5_000,
      interval: 20,
    });
    await stack().stripe.subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: true });
    const cancelling = await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id, cancelAtPeriodEnd: true } }), {
      timeout: 5_000,
      interval: 20,
    });
    await clock.advanceTo(new Date(cancelling.currentPeriodEnd!.getTime() + DAY));
    await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id, status: "canceled" } }), { timeout: 5_000, interval: 20 });
    await drained();
    const inOrder = await billingState(org.id);
    expect(inOrder.org.planCode).toBe("free");
    expect(inOrder.invoices.length).toBeGreaterThanOrEqual(3);
    const inOrderAudit = await auditKeys(org.id);
    expect(new Set(inOrderAudit).size).toBe(inOrderAudit.length);

    // The same events again, from a clean slate: each twice, shuffled, many at once.
    const events: Stripe.Event[] = await stack().stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    const lifeEvents = events.filter((e) => JSON.stringify(e.data.object).includes(clock.customerId));
    expect(lifeEvents.length).toBeGreaterThan(10);
    await forgetLocalBilling(org.id);
    const { shuffled } = seededRandom();
    const deliveries = shuffled([...lifeEvents, ...lifeEvents]);
    // Shuffled means out of order: some event comes before one that happened earlier.
    const happened = (e: Stripe.Event) => lifeEvents.length - 1 - lifeEvents.indexOf(e); // the list is newest first
    expect(deliveries.some((e, i) => i > 0 && happened(e) < happened(deliveries[i - 1]!))).toBe(true);
    for (let i = 0; i < deliveries.length; i += 8) {
      const batch = deliveries.slice(i, i + 8).map((e) => signedDelivery(stack(), JSON.stringify(e)));
      for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
    }
    await vi.waitUntil(async () => (await db.stripeEvent.count({ where: { status: "processed" } })) === lifeEvents.length, {
      timeout: 20_000,
      interval: 20,
    });
    await drained();

    expect(await billingState(org.id)).toEqual(inOrder);
    const shuffledAudit = await auditKeys(org.id);
    expect(shuffledAudit.length).toBeGreaterThan(0);
    expect(new Set(shuffledAudit).size).toBe(shuffledAudit.length);
  }, 60_000);
});
