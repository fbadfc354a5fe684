import { describe, expect, it, vi } from "vitest";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { previewUpcomingInvoice } from "@/lib/billing/commands/invoice-preview";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { customerOnTestClock, payCheckout, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

const stack = setUpBillingStack();

async function teamTrial(card: string) {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  await customerOnTestClock(stack(), org.id);
  const checkout = await createCheckout(org, owner.id, { plan: "team", interval: "month" });
  expect(checkout.trialDays).toBe(14);
  await payCheckout(stack(), checkout.sessionId, card);
  await vi.waitUntil(async () => (await getEntitlements(org.id)).status === "trialing", { timeout: 5_000, interval: 20 });
  return { owner, org };
}

describe("plan changes during a trial", () => {
  it("switching a Team trial to Business ends the trial and charges Business's first month, as the preview said", async () => {
    const { owner, org } = await teamTrial("pm_card_visa");
    const preview = await previewUpcomingInvoice(org, { plan: "business", interval: "month" });
    expect(preview).toMatchObject({ endsTrial: true, effective: "now", amountDue: 3 * 2900 }); // Business bills 3 seats at least

    await changePlan(org, owner.id, { plan: "business", interval: "month" });
    const ent = await vi.waitUntil(
      async () => {
        const e = await getEntitlements(org.id);
        return e.planCode === "business" && e.status === "active" ? e : null;
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(ent.status).toBe("active");
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    const invoices = await stack().stripe.invoices.list({ subscription: sub.stripeSubscriptionId });
    const charged = invoices.data.filter((i) => i.status === "paid" && i.amount_paid > 0);
    expect(charged.map((i) => i.amount_paid)).toEqual([3 * 2900]);
    expect((await stack().stripe.subscriptions.retrieve(sub.stripeSubscriptionId)).status).toBe("active");
  });

  it("switching a Team trial between monthly and annual keeps the trial and charges nothing", async () => {
    const { owner, org } = await teamTrial("pm_card_mastercard");
    const preview = await previewUpcomingInvoice(org, { plan: "team", interval: "year" });
    expect(preview.endsTrial).toBe(false);
    await changePlan(org, owner.id, { plan: "team", interval: "year" });
    await vi.waitUntil(async () => (await db.subscription.findFirst({ where: { orgId: org.id } }))?.interval === "year", {
      timeout: 5_000,
      interval: 20,
    });
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    expect(sub.status).toBe("trialing");
    const invoices = await stack().stripe.invoices.list({ subscription: sub.stripeSubscriptionId });
    expect(invoices.data.reduce((sum, i) => sum + i.amount_paid, 0)).toBe(0);
  });
});
