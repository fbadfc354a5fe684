import { describe, expect, it, vi } from "vitest";
import { buyAddOnWithCardOnFile } from "@/lib/billing/commands/addon-card-on-file";
import { cancelAddOn } from "@/lib/billing/commands/addons";
import { createCheckout } from "@/lib/billing/commands/checkout";
import { restrictExpiredGracePeriods } from "@/lib/billing/scheduled/grace-sweep";
import { cancelAtPeriodEnd, reactivate } from "@/lib/billing/commands/cancellation";
import { previewUpcomingInvoice } from "@/lib/billing/commands/invoice-preview";
import { changePlan } from "@/lib/billing/commands/plan-change";
import { subscriptionSummary } from "@/lib/billing/read/subscription-summary";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { createProject } from "@/lib/projects/projects";
import { customerOnTestClock, paidOrgOn, payCheckout, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

const DAY = 86_400_000;
const stack = setUpBillingStack();

async function newOrg() {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  return { owner, org };
}

const subscriptionOf = (orgId: string) => db.subscription.findFirst({ where: { orgId }, orderBy: { createdAt: "desc" } });
const auditActions = async (orgId: string) =>
  (await db.billingAuditEntry.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);

const paidOrg = (plan: "team" | "business") => paidOrgOn(stack(), plan);

describe("subscription life against the emulator, through webhooks and the job worker", () => {
  it("starts a Team trial from Checkout, warns 3 days before it ends, then becomes active and paid", async () => {
    const { owner, org } = await newOrg();
    const clock = await customerOnTestClock(stack(), org.id);
    const checkout = await createCheckout(org, owner.id, { plan: "team", interval: "month" });
    expect(checkout).toMatchObject({ trialDays: 14, url: expect.stringContaining("/checkout/") });
    await payCheckout(stack(), checkout.sessionId);

    const trialing = await vi.waitUntil(
      async () => {
        const sub = await subscriptionOf(org.id);
        return sub?.status === "trialing" ? sub : null;
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(trialing).toMatchObject({ planCode: "team", interval: "month", paymentMethod: { brand: "visa", last4: "4242" } });
    const orgRow = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(orgRow).toMatchObject({ planCode: "team", subscriptionStatus: "trialing" });
    expect(orgRow.trialUsedAt).not.toBeNull();
    expect((await getEntitlements(org.id)).limits).toEqual({ projects: 25, seats: 10, runsPerMonth: 2000 });

    const trialEnd = trialing.trialEnd!;
    await clock.advanceTo(new Date(trialEnd.getTime() - 3 * DAY - 3_600_000));
    const settled = await vi.waitUntil(() => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "trial.started" } }), {
      timeout: 5_000,
      interval: 20,
    });
    // The trial's start is on the record with the end Stripe set for it.
    expect(new Date((settled.after as { trialEnd: string }).trialEnd).getTime()).toBe(trialEnd.getTime());
    expect(await db.stripeEvent.count({ where: { customerId: clock.customerId, type: "customer.subscription.trial_will_end" } })).toBe(0);
    await clock.advanceTo(new Date(trialEnd.getTime() - 2 * DAY));
    const warning = await vi.waitUntil(() => db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "trial.will_end" } }), {
      timeout: 5_000,
      interval: 20,
    });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: warning.stripeEventId! } })).type).toBe(
      "customer.subscription.trial_will_end",
    );
    expect((await subscriptionOf(org.id))!.status).toBe("trialing");

    await clock.advanceTo(new Date(trialEnd.getTime() + 3_600_000));
    await vi.waitUntil(async () => (await subscriptionOf(org.id))?.status === "active", { timeout: 5_000, interval: 20 });
    const paid = await vi.waitUntil(() => db.invoice.findFirst({ where: { orgId: org.id, status: "paid", amountPaid: 1200 } }), {
      timeout: 5_000,
      interval: 20,
    });
    expect(paid.hostedInvoiceUrl).toContain("/invoices/");
    expect(paid.invoicePdf).toContain("/pdf");
    expect(await auditActions(org.id)).toEqual(
      expect.arrayContaining(["subscription.created", "trial.started", "trial.will_end", "subscription.status_changed"]),
    );
  });

  it("gives no second trial: not to an org that had one, nor to a card that started one elsewhere", async () => {
    const { owner, org } = await newOrg();
    await customerOnTestClock(stack(), org.id);
    await payCheckout(stack(), (await createCheckout(org, owner.id, { plan: "team", interval: "month" })).sessionId, "pm_card_mastercard");
    const first = await vi.waitUntil(
      async () => {
        const sub = await subscriptionOf(org.id);
        return sub?.status === "trialing" ? sub : null;
      },
      { timeout: 5_000, interval: 20 },
    );
    await stack().stripe.subscriptions.cancel(first.stripeSubscriptionId);
    await vi.waitUntil(async () => (await db.organization.findUniqueOrThrow({ where: { id: org.id } })).planCode === "free", {
      timeout: 5_000,
      interval: 20,
    });

    const again = await createCheckout(org, owner.id, { plan: "team", interval: "month" });
    expect(again.trialDays).toBe(0);
    expect(await auditActions(org.id)).toContain("trial.refused_org_reused");

    const other = await newOrg();
    await customerOnTestClock(stack(), other.org.id);
    const checkout = await createCheckout(other.org, other.owner.id, { plan: "team", interval: "month" });
    expect(checkout.trialDays).toBe(14);
    await payCheckout(stack(), checkout.sessionId, "pm_card_mastercard");
    await vi.waitUntil(async () => (await subscriptionOf(other.org.id))?.status === "active", { timeout: 5_000, interval: 20 });
    const refusal = await db.billingAuditEntry.findFirstOrThrow({ where: { orgId: other.org.id, action: "trial.refused_card_reused" } });
    expect(refusal.after).toMatchObject({ firstTrialOrgId: org.id, trialEnded: true });
    await vi.waitUntil(() => db.invoice.findFirst({ where: { orgId: other.org.id, status: "paid", amountPaid: 1200 } }), {
      timeout: 5_000,
      interval: 20,
    });
  });

  it("refuses a second subscription with 409 and a pointer to change-tier", async () => {
    const { owner, org } = await paidOrg("team");
    await expect(createCheckout(org, owner.id, { plan: "business", interval: "year" })).rejects.toMatchObject({
      code: "already_subscribed",
      details: { changePlan: `/api/v1/orgs/${org.slug}/billing/change-tier` },
    });
  });

  it("upgrades with the proration the preview showed, and refuses a downgrade below current usage", async () => {
    const { owner, org, clock } = await paidOrg("team");
    await clock.advanceTo(new Date((await clock.now()).getTime() + 10 * DAY));
    const preview = await previewUpcomingInvoice(org, { plan: "business", interval: "month" });
    expect(preview.prorationAmount).toBeGreaterThan(0);
    expect(preview.prorationDate).not.toBeNull();
    expect(preview).toMatchObject({ effective: "now", overLimits: [] });

    const result = await changePlan(org, owner.id, { plan: "business", interval: "month", prorationDate: preview.prorationDate! });
    expect(result.effective).toBe("now");
    expect(result.subscription.plan.code).toBe("business");
    const upgradeInvoice = await vi.waitUntil(
      () => db.invoice.findFirst({ where: { orgId: org.id, billingReason: "subscription_update", status: "paid" } }),
      { timeout: 5_000, interval: 20 },
    );
    expect(upgradeInvoice.amountPaid).toBe(preview.amountDue);
    expect(await auditActions(org.id)).toEqual(expect.arrayContaining(["subscription.plan_changed", "org.plan_changed"]));
    const planChange = await db.billingAuditEntry.findFirstOrThrow({ where: { orgId: org.id, action: "subscription.plan_changed" } });
    expect(planChange.actor).toBe(`user:${owner.id}`);

    await db.project.createMany({ data: Array.from({ length: 26 }, (_, i) => ({ orgId: org.id, name: `p${i}` })) });
    expect((await previewUpcomingInvoice(org, { plan: "team", interval: "month" })).overLimits).toEqual([
      { limit: "projects", used: 26, allowed: 25 },
    ]);
    expect((await previewUpcomingInvoice(org, { plan: "team", interval: "year" })).effective).toBe("now");
    await expect(changePlan(org, owner.id, { plan: "team", interval: "month" })).rejects.toMatchObject({
      code: "over_limits",
      details: { over: [{ limit: "projects", used: 26, allowed: 25 }] },
    });
    expect((await subscriptionOf(org.id))!.planCode).toBe("business");
  });

  it("downgrades at period end keeping the paid-for plan until then", async () => {
    const { owner, org, clock } = await paidOrg("business");
    await expect(createCheckout(org, owner.id, { addOn: "priority_support", interval: "month" })).rejects.toMatchObject({
      code: "conflict",
      message: "Priority support is already included in Business.",
    });
    const preview = await previewUpcomingInvoice(org, { plan: "team", interval: "month" });
    expect(preview).toMatchObject({
      effective: "period_end",
      effectiveAt: (await subscriptionOf(org.id))!.currentPeriodEnd!.toISOString(),
      overLimits: [],
      amountDue: 1200, // one seat of Team
      prorationAmount: 0,
    });
    const result = await changePlan(org, owner.id, { plan: "team", interval: "month" });
    expect(result.effective).toBe("period_end");
    expect(result.subscription.plan.code).toBe("business");
    expect(result.subscription.subscription?.pendingDowngrade).toMatchObject({ to: "team" });
    const periodEnd = (await subscriptionOf(org.id))!.currentPeriodEnd!;
    await clock.advanceTo(new Date(periodEnd.getTime() + 3_600_000));
    await vi.waitUntil(async () => (await getEntitlements(org.id)).planCode === "team", { timeout: 5_000, interval: 20 });
    await vi.waitUntil(() => db.invoice.findFirst({ where: { orgId: org.id, billingReason: "subscription_cycle", amountPaid: 1200 } }), {
      timeout: 5_000,
      interval: 20,
    });
  });

  it("cancels at period end: keeps the plan until then, can be undone, then falls to Free", async () => {
    const { owner, org, clock } = await paidOrg("team");
    await expect(reactivate(org, owner.id)).rejects.toMatchObject({ code: "subscription_not_cancelled" });
    const cancelled = await cancelAtPeriodEnd(org, owner.id, { reason: "Too expensive" });
    expect(cancelled).toMatchObject({ plan: { code: "team" }, subscription: { cancelAtPeriodEnd: true } });
    expect((await reactivate(org, owner.id)).subscription?.cancelAtPeriodEnd).toBe(false);
    await cancelAtPeriodEnd(org, owner.id, {});
    const periodEnd = (await subscriptionOf(org.id))!.currentPeriodEnd!;
    await clock.advanceTo(new Date(periodEnd.getTime() + 3_600_000));
    await vi.waitUntil(async () => (await subscriptionOf(org.id))?.status === "canceled", { timeout: 5_000, interval: 20 });
    expect(await db.organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({
      planCode: "free",
      subscriptionStatus: null,
    });
    expect((await subscriptionSummary(org.id)).plan.code).toBe("free");
    expect(await auditActions(org.id)).toEqual(
      expect.arrayContaining(["subscription.cancel_scheduled", "subscription.cancel_undone", "org.plan_changed"]),
    );
    await expect(cancelAtPeriodEnd(org, owner.id, {})).rejects.toMatchObject({ code: "no_active_subscription" });
  });

  it("past due after a failed renewal: grace, then restricted (read-only), then active again once paid", async () => {
    // The clock starts 40 days back so that, after the renewal fails, real time is past the 7-day grace.
    const { org } = await newOrg();
    const clock = await customerOnTestClock(stack(), org.id, new Date(Date.now() - 40 * DAY));
    const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId });
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    await stack().stripe.subscriptions.create({
      customer: clock.customerId,
      items: [{ price: team.stripeMonthlyPriceId! }],
      default_payment_method: card.id,
      metadata: { orgId: org.id },
    });
    const sub = await vi.waitUntil(
      async () => {
        const s = await subscriptionOf(org.id);
        return s?.status === "active" ? s : null;
      },
      { timeout: 5_000, interval: 20 },
    );
    const failing = await stack().stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: clock.customerId });
    await stack().stripe.subscriptions.update(sub.stripeSubscriptionId, { default_payment_method: failing.id });
    await clock.advanceTo(new Date(sub.currentPeriodEnd!.getTime() + 3_600_000));

    const pastDue = await vi.waitUntil(
      async () => {
        const s = await subscriptionOf(org.id);
        return s?.status === "past_due" ? s : null;
      },
      { timeout: 5_000, interval: 20 },
    );
    const inGrace = await getEntitlements(org.id, new Date(pastDue.pastDueSince!.getTime() + DAY));
    expect(inGrace).toMatchObject({ planCode: "team", access: "grace" });
    expect((await getEntitlements(org.id)).access).toBe("restricted");

    expect(await restrictExpiredGracePeriods()).toContain(org.id);
    expect(await restrictExpiredGracePeriods()).not.toContain(org.id);
    await expect(createProject(org.id, { name: "Blocked" })).rejects.toMatchObject({ code: "account_restricted", status: 402 });
    expect(await auditActions(org.id)).toContain("org.restricted");

    const open = await vi.waitUntil(() => db.invoice.findFirst({ where: { orgId: org.id, status: "open" } }), {
      timeout: 5_000,
      interval: 20,
    });
    await stack().stripe.invoices.pay(open.stripeInvoiceId, {
      payment_method: (await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId })).id,
    });
    await vi.waitUntil(async () => (await subscriptionOf(org.id))?.status === "active", { timeout: 5_000, interval: 20 });
    expect(await getEntitlements(org.id)).toMatchObject({ planCode: "team", access: "full" });
    await expect(createProject(org.id, { name: "Allowed again" })).resolves.toMatchObject({ name: "Allowed again" });
  });

  it("sells add-ons on a paid plan: extra seats raise the seat limit; a custom domain is validated and held by one org", async () => {
    const free = await newOrg();
    await expect(createCheckout(free.org, free.owner.id, { addOn: "extra_seats", interval: "month" })).rejects.toMatchObject({
      code: "no_active_subscription",
    });

    const { owner, org } = await paidOrg("team");
    await expect(createCheckout(org, owner.id, { addOn: "teleporter", interval: "month" })).rejects.toMatchObject({
      code: "addon_not_found",
      status: 404,
    });
    await payCheckout(stack(), (await createCheckout(org, owner.id, { addOn: "extra_seats", interval: "month" })).sessionId);
    await vi.waitUntil(async () => (await getEntitlements(org.id)).limits.seats === 15, { timeout: 5_000, interval: 20 });
    await expect(createCheckout(org, owner.id, { addOn: "extra_seats", interval: "month" })).rejects.toMatchObject({ code: "conflict" });
    const afterCancel = await cancelAddOn(org, owner.id, "extra_seats");
    expect(afterCancel.purchased).toEqual([expect.objectContaining({ code: "extra_seats", status: "active", cancelAtPeriodEnd: true })]);
    expect((await getEntitlements(org.id)).limits.seats).toBe(15);
    await expect(cancelAddOn(org, owner.id, "priority_support")).rejects.toMatchObject({ code: "addon_not_found" });

    await expect(
      createCheckout(org, owner.id, { addOn: "custom_domain", interval: "month", domain: "https://billing.acme.com/x" }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      details: { fields: { domain: expect.stringContaining("domain") } },
    });
    await payCheckout(
      stack(),
      (await createCheckout(org, owner.id, { addOn: "custom_domain", interval: "month", domain: "Billing.Acme-Corp.com" })).sessionId,
    );
    const domainAddOn = await vi.waitUntil(
      () => db.orgAddOn.findFirst({ where: { orgId: org.id, addOnCode: "custom_domain", status: "active" } }),
      { timeout: 5_000, interval: 20 },
    );
    expect(domainAddOn).toMatchObject({ domain: "billing.acme-corp.com", config: { domain: "billing.acme-corp.com" } });
    expect((await getEntitlements(org.id)).features).toContain("custom_domain");
    expect(await auditActions(org.id)).toEqual(expect.arrayContaining(["addon.added"]));

    const rival = await paidOrg("team");
    await expect(
      createCheckout(rival.org, rival.owner.id, { addOn: "custom_domain", interval: "month", domain: "billing.acme-corp.com" }),
    ).rejects.toMatchObject({ code: "domain_taken", status: 409 });
  });

  it("sells an add-on on the card on file: at once, after 3-D Secure when the bank asks, and nothing half-bought on a decline", async () => {
    const { owner, org } = await paidOrg("team");
    await expect(buyAddOnWithCardOnFile(org, owner.id, "extra_seats", undefined)).resolves.toEqual({
      status: "active",
      clientSecret: null,
    });
    expect((await getEntitlements(org.id)).limits.seats).toBe(15);

    const { stripeCustomerId: customer } = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    const plan = (await stack().stripe.subscriptions.list({ customer: customer!, limit: 10 })).data.find((s) => !s.metadata.addOnCode)!;
    const useCard = async (card: string) => {
      const pm = await stack().stripe.paymentMethods.attach(card, { customer: customer! });
      await stack().stripe.subscriptions.update(plan.id, { default_payment_method: pm.id });
    };
    await useCard("pm_card_threeDSecure2Required");
    const challenged = await buyAddOnWithCardOnFile(org, owner.id, "priority_support", undefined);
    expect(challenged).toMatchObject({ status: "requires_action", clientSecret: expect.stringContaining("_secret_") });
    const answered = await fetch(
      `${stack().emu.url}/_emulator/payment_intents/${challenged.clientSecret!.split("_secret_")[0]}/authenticate`,
      {
        method: "POST",
        body: JSON.stringify({ outcome: "complete" }),
      },
    );
    expect(answered.ok).toBe(true);
    await vi.waitUntil(async () => (await getEntitlements(org.id)).features.includes("priority_support"), {
      timeout: 10_000,
      interval: 50,
    });
    // The add-on's first invoice lands with it: its sync alone brings an invoice the mirror still had open.
    const { stripeSubscriptionId: support } = await db.orgAddOn.findFirstOrThrow({
      where: { orgId: org.id, addOnCode: "priority_support" },
    });
    await db.invoice.updateMany({ where: { stripeSubscriptionId: support }, data: { status: "open" } });
    await syncSubscription(support, { cause: causedBySystem("test") });
    expect(await db.invoice.findMany({ where: { stripeSubscriptionId: support }, select: { status: true } })).toEqual([{ status: "paid" }]);

    await useCard("pm_card_chargeCustomerFail");
    await expect(buyAddOnWithCardOnFile(org, owner.id, "custom_domain", "billing.declined.example")).rejects.toMatchObject({
      code: "card_declined",
      status: 402,
    });
    expect(await db.orgAddOn.count({ where: { orgId: org.id, addOnCode: "custom_domain", status: { not: "canceled" } } })).toBe(0);
    // Nothing is held, so the admin can go on to Checkout with another card.
    await expect(
      createCheckout(org, owner.id, { addOn: "custom_domain", interval: "month", domain: "billing.declined.example" }),
    ).resolves.toMatchObject({
      url: expect.any(String),
    });
  });

  it("ends add-ons with the plan, keeps one cancelled on its own cancelled, and renews the rest when the cancellation is undone", async () => {
    const { owner, org } = await paidOrg("team");
    for (const addOn of ["extra_seats", "priority_support"]) {
      await payCheckout(stack(), (await createCheckout(org, owner.id, { addOn, interval: "month" })).sessionId);
    }
    const addOns = () => db.orgAddOn.findMany({ where: { orgId: org.id }, orderBy: { addOnCode: "asc" } });
    await vi.waitUntil(async () => (await addOns()).filter((a) => a.status === "active").length === 2, { timeout: 5_000, interval: 20 });
    await cancelAddOn(org, owner.id, "priority_support");
    const ending = (rows: Awaited<ReturnType<typeof addOns>>) => rows.map((a) => [a.addOnCode, a.cancelAtPeriodEnd]);

    await cancelAtPeriodEnd(org, owner.id, { reason: "closing the team" });
    await vi.waitUntil(async () => ending(await addOns()).every(([, end]) => end), { timeout: 10_000, interval: 50 });
    // The audit entry keeps what the customer said.
    const scheduled = await db.billingAuditEntry.findFirst({ where: { orgId: org.id, action: "subscription.cancel_scheduled" } });
    expect(scheduled?.after).toMatchObject({ cancelAtPeriodEnd: true, reason: "closing the team" });
    const extraSeats = (await addOns()).find((a) => a.addOnCode === "extra_seats")!;
    expect((await stack().stripe.subscriptions.retrieve(extraSeats.stripeSubscriptionId)).metadata).toMatchObject({
      tollgate_ends_with_plan: "true",
    });

    await reactivate(org, owner.id);
    await vi.waitUntil(async () => !(await addOns()).find((a) => a.addOnCode === "extra_seats")!.cancelAtPeriodEnd, {
      timeout: 10_000,
      interval: 50,
    });
    expect(ending(await addOns())).toEqual([
      ["extra_seats", false],
      ["priority_support", true],
    ]);
  });
});
