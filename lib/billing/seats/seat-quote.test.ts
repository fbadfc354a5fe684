import { beforeAll, describe, expect, it, vi } from "vitest";
import type Stripe from "stripe";
import { quoteSeat, type SeatQuote } from "@/lib/billing/seats/seat-quote";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { inviteInput, inviteMember } from "@/lib/orgs/invitations/invite-member";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { previewUpcomingInvoice } from "@/lib/billing/commands/invoice-preview";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { removeMember } from "@/lib/orgs/members/remove-member";
import { customerOnTestClock, drained, payCheckout, setUpBillingStack, subscribedOnClock } from "@/test/support/billing-stack";
import { makeOrg, makeUser, uniqueEmail } from "@/test/support/factories";

const stack = setUpBillingStack();

// This file's database keeps Team per seat as shipped, and prices Business flat: a deployment may configure either.
beforeAll(async () => {
  await db.plan.update({ where: { code: "business" }, data: { pricing: "flat", minSeats: 1, maxSeats: null } });
});

const orgMidPeriod = (opts: Parameters<typeof subscribedOnClock>[1]) => subscribedOnClock(stack(), opts);

type Org = Awaited<ReturnType<typeof orgMidPeriod>>;

const inviteOne = (o: Org, prorationDate?: number) =>
  inviteMember({ org: o.org, role: "owner" }, o.owner, inviteInput.parse({ email: uniqueEmail("seat"), prorationDate }));

const seatInvoices = async (o: Org) =>
  (await stack().stripe.invoices.list({ customer: o.customerId, limit: 100 })).data.filter(
    (i) => i.billing_reason === "subscription_update",
  );

/** The quote, then the invitation sent with it: the one invoice the added seat made, and the next invoice before and after. */
async function quoteThenInvite(o: Org) {
  const { stripe } = stack();
  const quote = (await quoteSeat(o.org.id))!;
  const nextBefore = await stripe.invoices.createPreview({ customer: o.customerId, subscription: o.subscriptionId });
  // The admin takes a while to send it: Stripe's clock moves on, and the seat is still charged from the quote.
  await o.clock.advanceTo(new Date((await o.clock.now()).getTime() + 40 * 60_000));
  await inviteOne(o, quote.prorationDate);
  await drained();
  const invoices = await seatInvoices(o);
  const nextAfter = await stripe.invoices.createPreview({ customer: o.customerId, subscription: o.subscriptionId });
  return { quote, invoices, growth: nextAfter.total - nextBefore.total };
}

function expectCharged(quote: SeatQuote, invoices: Stripe.Invoice[]) {
  expect(invoices).toHaveLength(1);
  expect(invoices[0]!.status).toBe("paid");
  expect(invoices[0]!.amount_paid).toBe(quote.prorated);
}

describe("the price of one more seat", () => {
  it("is what Stripe charges for a seat added mid-month, and what each later invoice grows by", async () => {
    const o = await orgMidPeriod({ daysAgo: 11 });
    const { quote, invoices, growth } = await quoteThenInvite(o);
    expect(quote).toMatchObject({ seats: 1, seatsAfter: 2, interval: "month", charged: "now", trialing: false, currency: "usd" });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    expect(quote.unitAmount).toBe(team.monthlyPriceCents);
    expect(quote.recurringChange).toBe(team.monthlyPriceCents);
    // Part of the month is gone: the seat costs less than a month, and more than nothing.
    expect(quote.prorated).toBeGreaterThan(0);
    expect(quote.prorated).toBeLessThan(team.monthlyPriceCents!);
    expectCharged(quote, invoices);
    expect(growth).toBe(quote.recurringChange);
    expect((await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data[0]!.quantity).toBe(2);
  });

  it("is what Stripe charges on an annual plan", async () => {
    const o = await orgMidPeriod({ daysAgo: 100, annual: true });
    const { quote, invoices, growth } = await quoteThenInvite(o);
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    expect(quote).toMatchObject({ interval: "year", unitAmount: team.annualPriceCents, recurringChange: team.annualPriceCents });
    expect(quote.prorated).toBeLessThan(team.annualPriceCents!);
    expectCharged(quote, invoices);
    expect(growth).toBe(quote.recurringChange);
  });

  it("is what Stripe charges with a discount on the subscription", async () => {
    const o = await orgMidPeriod({ daysAgo: 7, couponPercentOff: 25 });
    const { quote, invoices, growth } = await quoteThenInvite(o);
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    expect(quote.recurringChange).toBe(Math.round(team.monthlyPriceCents! * 0.75));
    expectCharged(quote, invoices);
    expect(growth).toBe(quote.recurringChange);
  });

  it("is nothing now during a trial, whose quantity follows the members", async () => {
    const o = await orgMidPeriod({ daysAgo: 3, trialDays: 14 });
    const quote = (await quoteSeat(o.org.id))!;
    expect(quote).toMatchObject({ trialing: true, charged: "never", prorated: 0, seats: 1, seatsAfter: 2 });
    await inviteOne(o, quote.prorationDate);
    await drained();
    expect(await seatInvoices(o)).toEqual([]);
    expect((await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data[0]!.quantity).toBe(2);
  });

  it("refuses an invitation carrying a price that has expired or was never quoted, and sends nothing", async () => {
    const o = await orgMidPeriod({ daysAgo: 5 });
    const seatVersion = async () => (await db.organization.findUniqueOrThrow({ where: { id: o.org.id } })).seatVersion;
    const versionBefore = await seatVersion();
    const now = Math.floor(Date.now() / 1000);
    for (const prorationDate of [now - 2 * 3600, now + 3600]) {
      await expect(inviteOne(o, prorationDate)).rejects.toMatchObject({ code: "quote_expired" });
    }
    expect(await db.invitation.count({ where: { orgId: o.org.id } })).toBe(0);
    expect(await seatVersion()).toBe(versionBefore);
  });

  it("is null on a flat plan, and an invitation there moves no quantity", async () => {
    const o = await orgMidPeriod({ daysAgo: 5, plan: "business" });
    expect(await quoteSeat(o.org.id)).toBeNull();
    await inviteOne(o);
    await drained();
    expect(await seatInvoices(o)).toEqual([]);
    expect((await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data[0]!.quantity).toBe(1);
  });
});

describe("a per-seat plan's quantity from the start", () => {
  it("starts Checkout at the org's seats, and bills only who is still there once it is paid", async () => {
    const owner = await makeUser();
    const member = await makeUser();
    const org = await makeOrg([
      [owner, "owner"],
      [member, "member"],
    ]);
    await customerOnTestClock(stack(), org.id);
    const checkout = await createCheckout(org, owner.id, { plan: "team", interval: "month" });
    const items = await stack().stripe.checkout.sessions.listLineItems(checkout.sessionId);
    expect(items.data.map((i) => i.quantity)).toEqual([2]);
    // The member leaves before the Checkout is paid: the org is still on Free, so only the arrival can count it.
    await removeMember({ org, role: "owner", userId: owner.id }, member.id);
    await payCheckout(stack(), checkout.sessionId);
    await vi.waitUntil(async () => (await getEntitlements(org.id)).planCode === "team", { timeout: 5_000, interval: 20 });
    await drained();
    const [sub] = (
      await stack().stripe.subscriptions.list({
        customer: (await db.organization.findUniqueOrThrow({ where: { id: org.id } })).stripeCustomerId!,
      })
    ).data;
    expect(sub!.items.data[0]!.quantity).toBe(1);
    expect((await db.subscription.findFirstOrThrow({ where: { orgId: org.id } })).quantity).toBe(1);
  });

  it("sets the seats when a flat plan changes to a per-seat one, and one seat back", async () => {
    const o = await orgMidPeriod({ daysAgo: 4, plan: "business" });
    await inviteOne(o);
    await inviteOne(o);
    const preview = await previewUpcomingInvoice(o.org, { plan: "team", interval: "month" });
    expect(preview.lines.filter((l) => !l.proration || l.amount > 0).map((l) => l.description)).toEqual([
      expect.stringContaining("3 × Team"),
    ]);
    await changePlan(o.org, o.owner.id, { plan: "team", interval: "month", when: "now" });
    await drained();
    const quantity = async () => (await stack().stripe.subscriptions.retrieve(o.subscriptionId)).items.data[0]!.quantity;
    expect(await quantity()).toBe(3);
    await changePlan(o.org, o.owner.id, { plan: "business", interval: "month" });
    await drained();
    expect(await quantity()).toBe(1);
  });
});
