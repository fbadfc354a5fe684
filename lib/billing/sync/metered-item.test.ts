import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { drained, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser, uniqueEmail } from "@/test/support/factories";

const stack = setUpBillingStack();

describe("a subscription with a metered item beside its plan", () => {
  it("is mirrored as its plan, whichever place Stripe lists the metered item in, and its seats move on the plan's item", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const { stripe } = stack();
    const customer = await stripe.customers.create({ metadata: { orgId: org.id }, payment_method: "pm_card_visa" });
    const card = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: team.stripeMeteredMonthlyPriceId! }, { price: team.stripeMonthlyPriceId! }],
    });
    const [metered, plan] = sub.items.data;
    expect(metered!.price.recurring?.usage_type).toBe("metered");

    await vi.waitUntil(async () => (await getEntitlements(org.id)).planCode === "team", { timeout: 5_000, interval: 20 });
    await drained();
    expect(await db.subscription.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({
      planCode: "team",
      stripeItemId: plan!.id,
      stripePriceId: team.stripeMonthlyPriceId,
      quantity: 1,
    });

    await inviteMember({ org, role: "owner" }, owner, inviteInput.parse({ email: uniqueEmail("metered") }));
    await drained();
    const items = (await stripe.subscriptions.retrieve(sub.id)).items.data;
    expect(items.find((i) => i.id === plan!.id)!.quantity).toBe(2);
    expect(items.find((i) => i.id === metered!.id)!.quantity).toBeUndefined();
  });
});
