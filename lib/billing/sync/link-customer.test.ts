import { describe, expect, it, vi } from "vitest";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { db } from "@/lib/db";
import { setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

const stack = setUpBillingStack();

/** Waits until the app has processed the customer.created event of this customer. */
const createdEventProcessed = (customerId: string) =>
  vi.waitUntil(() => db.stripeEvent.findFirst({ where: { type: "customer.created", customerId, status: "processed" } }), {
    timeout: 10_000,
    interval: 20,
  });

async function newOrg() {
  const owner = await makeUser();
  return { owner, org: await makeOrg([[owner, "owner"]]) };
}

describe("a customer made in Stripe for an org", () => {
  it("becomes the org's customer when the org has none, and the org's Checkout uses it", async () => {
    const { owner, org } = await newOrg();
    const clock = await stack().stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
    const made = await stack().stripe.customers.create({ test_clock: clock.id, metadata: { orgId: org.id } });
    await createdEventProcessed(made.id);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).stripeCustomerId).toBe(made.id);
    const linked = await db.billingAuditEntry.findFirstOrThrow({ where: { orgId: org.id, action: "customer.linked" } });
    expect(linked.after).toEqual({ customer: made.id });

    const session = await stack().stripe.checkout.sessions.retrieve(
      (await createCheckout(org, owner.id, { plan: "team", interval: "month" })).sessionId,
    );
    expect(session.customer).toBe(made.id);
  });

  it("never replaces the customer an org already has, and names no org it cannot find", async () => {
    const { owner, org } = await newOrg();
    const first = await createCheckout(org, owner.id, { plan: "team", interval: "month" });
    const ownCustomer = (await stack().stripe.checkout.sessions.retrieve(first.sessionId)).customer;
    const second = await stack().stripe.customers.create({ metadata: { orgId: org.id } });
    const stray = await stack().stripe.customers.create({ metadata: { orgId: "org_that_does_not_exist" } });
    await createdEventProcessed(second.id);
    await createdEventProcessed(stray.id);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).stripeCustomerId).toBe(ownCustomer);
    expect(await db.billingAuditEntry.count({ where: { action: "customer.linked", orgId: org.id } })).toBe(0);
  });
});
