import { describe, expect, it } from "vitest";
import { cancelAddOn } from "@/lib/billing/commands/addons";
import { cancelAtPeriodEnd, reactivate } from "@/lib/billing/commands/cancellation";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { createPortalSession } from "@/lib/billing/commands/portal";
import { createTopUpIntent } from "@/lib/credits/topup-intent";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { paidOrgOn, payCheckout, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

// A double-click, a retrying client, ten tabs: ten identical requests at once on each route that moves money leave one
// effect in Stripe and one audit entry; the other nine are answered (the same result, or a 409), never a 500.

const stack = setUpBillingStack();
const TEN = 10;

/** Each request's outcome: "ok", or the AppError code it was refused with (anything else fails the test). */
async function tenAtOnce(request: () => Promise<unknown>): Promise<{ outcomes: string[]; results: unknown[] }> {
  const settled = await Promise.allSettled(Array.from({ length: TEN }, request));
  const outcomes = settled.map((s) => {
    if (s.status === "fulfilled") return "ok";
    if (s.reason instanceof AppError) return s.reason.code;
    throw s.reason;
  });
  return { outcomes, results: settled.map((s) => (s.status === "fulfilled" ? s.value : null)) };
}

const count = (values: string[], value: string) => values.filter((v) => v === value).length;
const audits = (orgId: string, action: string) => db.billingAuditEntry.count({ where: { orgId, action } });

describe("ten identical money-moving requests at once", () => {
  it("change plan: one upgrade, charged once, one audit entry; the other nine find the org already there (409)", async () => {
    const { owner, org } = await paidOrgOn(stack(), "team");
    const { outcomes } = await tenAtOnce(() => changePlan(org, owner.id, { plan: "business", interval: "month" }));
    expect(count(outcomes, "ok")).toBe(1);
    expect(count(outcomes, "conflict")).toBe(TEN - 1);
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    const invoices = await stack().stripe.invoices.list({ customer: sub.stripeCustomerId, limit: 100 });
    expect(invoices.data.filter((i) => i.billing_reason === "subscription_update")).toHaveLength(1);
    expect(await audits(org.id, "subscription.plan_changed")).toBe(1);
  });

  it("cancel, then undo: each applied once, each audited once", async () => {
    const { owner, org } = await paidOrgOn(stack(), "team");
    const cancelled = await tenAtOnce(() => cancelAtPeriodEnd(org, owner.id, { reason: "double click" }));
    expect(count(cancelled.outcomes, "ok")).toBe(1);
    expect(count(cancelled.outcomes, "conflict")).toBe(TEN - 1);
    expect(await audits(org.id, "subscription.cancel_scheduled")).toBe(1);
    const undone = await tenAtOnce(() => reactivate(org, owner.id));
    expect(count(undone.outcomes, "ok")).toBe(1);
    expect(count(undone.outcomes, "subscription_not_cancelled")).toBe(TEN - 1);
    expect(await audits(org.id, "subscription.cancel_undone")).toBe(1);
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    expect((await stack().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
  });

  it("checkout: one customer and one Checkout Session, the same link for all ten", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const { outcomes, results } = await tenAtOnce(() => createCheckout(org, owner.id, { plan: "team", interval: "month" }));
    expect(outcomes).toEqual(Array(TEN).fill("ok"));
    expect(new Set(results.map((r) => (r as { sessionId: string }).sessionId)).size).toBe(1);
    const customers = await stack().stripe.customers.search({ query: `metadata['orgId']:'${org.id}'` });
    expect(customers.data).toHaveLength(1);
    const sessions = await stack().stripe.checkout.sessions.list({ customer: customers.data[0]!.id, limit: 100 });
    expect(sessions.data).toHaveLength(1);
  });

  it("an add-on: one Checkout Session to buy it, and one cancellation", async () => {
    const { owner, org } = await paidOrgOn(stack(), "team");
    const bought = await tenAtOnce(() => createCheckout(org, owner.id, { addOn: "priority_support", interval: "month" }));
    expect(bought.outcomes).toEqual(Array(TEN).fill("ok"));
    const sessionIds = new Set(bought.results.map((r) => (r as { sessionId: string }).sessionId));
    expect(sessionIds.size).toBe(1);
    await payCheckout(stack(), [...sessionIds][0]!);
    await expect
      .poll(() => db.orgAddOn.count({ where: { orgId: org.id, addOnCode: "priority_support", status: "active" } }), { timeout: 5_000 })
      .toBe(1);
    const cancelled = await tenAtOnce(() => cancelAddOn(org, owner.id, "priority_support"));
    expect(cancelled.outcomes).toEqual(Array(TEN).fill("ok"));
    expect(await audits(org.id, "addon.cancel_scheduled")).toBe(1);
  });

  it("a top-up attempt: one PaymentIntent and one purchase record, the same intent for all ten", async () => {
    const { owner, org } = await paidOrgOn(stack(), "team");
    const attempt = "attempt-double-click-1";
    const { outcomes, results } = await tenAtOnce(() => createTopUpIntent(org, owner.id, { pack: "credits_1000", attempt }));
    expect(outcomes).toEqual(Array(TEN).fill("ok"));
    expect(new Set(results.map((r) => (r as { paymentIntentId: string }).paymentIntentId)).size).toBe(1);
    expect(await db.topUpPurchase.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("the portal: ten sessions, all on the org's one customer (a session moves no money; each is the caller's own)", async () => {
    const { org } = await paidOrgOn(stack(), "team");
    const { outcomes, results } = await tenAtOnce(() => createPortalSession(org));
    expect(outcomes).toEqual(Array(TEN).fill("ok"));
    expect(results.every((r) => typeof (r as { url: string }).url === "string")).toBe(true);
    const customers = await stack().stripe.customers.search({ query: `metadata['orgId']:'${org.id}'` });
    expect(customers.data).toHaveLength(1);
  });
});
