import { describe, expect, it, vi } from "vitest";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { db } from "@/lib/db";
import { setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

// A Stripe that never ends the trial it was asked to end: the card check refuses the trial on every read.
const refusals = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/billing/sync/trial-card", () => ({
  refuseReusedTrialCard: async () => {
    refusals.count++;
    return true;
  },
}));

const stack = setUpBillingStack({ deliver: false, worker: false });

describe("syncSubscription after refusing a reused trial card", () => {
  it("re-reads Stripe once more and then stops, even if the trial is still there", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const customer = await stack().stripe.customers.create({ metadata: { orgId: org.id } });
    await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
    const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const sub = await stack().stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.stripeMonthlyPriceId! }],
      default_payment_method: card.id,
      trial_period_days: 14,
    });

    await syncSubscription(sub.id, { cause: causedBySystem("test") });

    expect(refusals.count).toBe(2);
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({ status: "trialing" });
  });
});
