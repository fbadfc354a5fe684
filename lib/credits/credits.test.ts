import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { RUN_CREDIT_COST } from "@/lib/usage/metered-runs";
import { overageChoice } from "@/lib/usage/overage-mode";
import { setOverage } from "@/lib/billing/commands/overage";
import { recordRun } from "@/lib/projects/runs";
import { signedDelivery, subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { applyCreditChangeNow, creditSummary } from "./ledger";
import { createTopUpIntent } from "./topup-intent";

const stack = setUpBillingStack();

const paidOrg = () => subscribedOrg(stack());

const balanceOf = async (orgId: string) => (await db.organization.findUniqueOrThrow({ where: { id: orgId } })).creditBalance;

async function ledgerAddsUp(orgId: string) {
  const sum = await db.creditLedgerEntry.aggregate({ where: { orgId }, _sum: { delta: true } });
  expect(sum._sum.delta ?? 0).toBe(await balanceOf(orgId));
}

describe("credit top-ups", () => {
  it("need a paid plan (its trial included) and a known pack", async () => {
    const owner = await makeUser();
    const free = await makeOrg([[owner, "owner"]]);
    await expect(createTopUpIntent(free, owner.id, { pack: "credits_1000" })).rejects.toMatchObject({
      code: "subscription_required",
      status: 403,
    });
    const { org, owner: payer } = await paidOrg();
    await expect(createTopUpIntent(org, payer.id, { pack: "credits_999" })).rejects.toMatchObject({ code: "pack_not_found", status: 404 });
  });

  it("can be paid with the card on file by an admin: charged at once, 3-D Secure when the bank asks, a decline credits nothing", async () => {
    const { owner, org, customerId } = await paidOrg();
    const member = await makeUser();
    await db.membership.create({ data: { orgId: org.id, userId: member.id, role: "member" } });
    await expect(createTopUpIntent(org, member.id, { pack: "credits_1000", card: "saved" }, "member")).rejects.toMatchObject({
      code: "forbidden",
      status: 403,
    });

    const paid = await createTopUpIntent(org, owner.id, { pack: "credits_1000", card: "saved" }, "owner");
    expect(paid.status).toBe("succeeded");
    const intent = await stack().stripe.paymentIntents.retrieve(paid.paymentIntentId);
    const sub = (await stack().stripe.subscriptions.list({ customer: customerId })).data[0]!;
    expect(intent.payment_method).toBe(sub.default_payment_method);
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 1000, { timeout: 5_000, interval: 20 });

    const useCard = async (card: string) => {
      const pm = await stack().stripe.paymentMethods.attach(card, { customer: customerId });
      await stack().stripe.subscriptions.update(sub.id, { default_payment_method: pm.id });
    };
    await useCard("pm_card_threeDSecure2Required");
    const challenged = await createTopUpIntent(org, owner.id, { pack: "credits_1000", card: "saved" }, "owner");
    expect(challenged.status).toBe("requires_action");
    expect(await balanceOf(org.id)).toBe(1000);
    const answered = await fetch(`${stack().emu.url}/_emulator/payment_intents/${challenged.paymentIntentId}/authenticate`, {
      method: "POST",
      body: JSON.stringify({ outcome: "complete" }),
    });
    expect(answered.ok).toBe(true);
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 2000, { timeout: 5_000, interval: 20 });

    await useCard("pm_card_chargeCustomerFail");
    // Stripe's decline, which the route answers 402 card_declined.
    await expect(createTopUpIntent(org, owner.id, { pack: "credits_1000", card: "saved" }, "owner")).rejects.toMatchObject({
      type: "StripeCardError",
    });
    expect(await balanceOf(org.id)).toBe(2000);
    await ledgerAddsUp(org.id);
  });

  it("are credited once, when Stripe says the payment succeeded; a decline adds nothing; a refund takes back its share", async () => {
    const { owner, org } = await paidOrg();
    const attempt = randomUUID();
    const intent = await createTopUpIntent(org, owner.id, { pack: "credits_1000", attempt });
    expect(intent).toMatchObject({ amount: 1000, credits: 1000, clientSecret: expect.stringContaining("_secret_") });
    expect((await createTopUpIntent(org, owner.id, { pack: "credits_1000", attempt })).paymentIntentId).toBe(intent.paymentIntentId);
    expect(await balanceOf(org.id)).toBe(0);

    await stack().stripe.paymentIntents.confirm(intent.paymentIntentId, { payment_method: "pm_card_visa" });
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 1000, { timeout: 5_000, interval: 20 });
    const succeeded = (await stack().stripe.events.list({ type: "payment_intent.succeeded", limit: 20 })).data.find(
      (e) => (e.data.object as { id: string }).id === intent.paymentIntentId,
    )!;
    await db.stripeEvent.delete({ where: { id: succeeded.id } });
    expect((await signedDelivery(stack(), JSON.stringify(succeeded))).status).toBe(200);
    await vi.waitUntil(async () => (await db.stripeEvent.findUnique({ where: { id: succeeded.id } }))?.status === "processed", {
      timeout: 5_000,
      interval: 20,
    });
    expect(await balanceOf(org.id)).toBe(1000);
    expect(await db.creditLedgerEntry.count({ where: { orgId: org.id, reason: "topup" } })).toBe(1);

    const declined = await createTopUpIntent(org, owner.id, { pack: "credits_5000" });
    await expect(
      stack().stripe.paymentIntents.confirm(declined.paymentIntentId, { payment_method: "pm_card_chargeDeclined" }),
    ).rejects.toMatchObject({ type: "StripeCardError" });
    await vi.waitUntil(
      () =>
        db.stripeEvent.findFirst({
          where: {
            type: "payment_intent.payment_failed",
            status: "processed",
            payload: { path: ["data", "object", "id"], equals: declined.paymentIntentId },
          },
        }),
      { timeout: 5_000, interval: 20 },
    );
    expect(await balanceOf(org.id)).toBe(1000);

    await stack().stripe.refunds.create({ payment_intent: intent.paymentIntentId, amount: 250 });
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 750, { timeout: 5_000, interval: 20 });
    await stack().stripe.refunds.create({ payment_intent: intent.paymentIntentId, amount: 250 });
    await vi.waitUntil(async () => (await balanceOf(org.id)) === 500, { timeout: 5_000, interval: 20 });
    expect((await creditSummary(org.id)).entries.map((e) => [e.reason, e.delta])).toEqual([
      ["refund", -250],
      ["refund", -250],
      ["topup", 1000],
    ]);
    expect((await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: intent.paymentIntentId } })).creditsGranted).toBe(
      500,
    );
    await ledgerAddsUp(org.id);
  });
});

describe("credits in use", () => {
  it("pays for runs beyond the plan's allowance, exactly while credits last, even with runs racing", async () => {
    const { owner, org } = await paidOrg();
    const project = await db.project.create({ data: { orgId: org.id, name: "metered" } });
    const ent = await getEntitlements(org.id);
    await db.usageCounter.create({
      data: { orgId: org.id, meter: "runs", periodStart: ent.period.start, count: ent.limits.runsPerMonth! },
    });

    await expect(recordRun(org.id, project.id, owner.id)).rejects.toMatchObject({
      code: "limit_reached",
      details: { limit: "runsPerMonth", allowed: 2000, credits: { balance: 0, perRun: RUN_CREDIT_COST } },
    });
    await applyCreditChangeNow({ orgId: org.id, delta: 5 * RUN_CREDIT_COST, reason: "adjustment", sourceId: `grant-${org.id}` });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => recordRun(org.id, project.id, owner.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(await balanceOf(org.id)).toBe(0);
    expect(await db.creditLedgerEntry.count({ where: { orgId: org.id, reason: "usage" } })).toBe(5);
    expect(await db.run.count({ where: { orgId: org.id } })).toBe(5);
    await ledgerAddsUp(org.id);
  });

  it("are left alone once an admin stops runs at the allowance, and pay again when credits are chosen back", async () => {
    const { owner, org } = await paidOrg();
    const project = await db.project.create({ data: { orgId: org.id, name: "stopped" } });
    const ent = await getEntitlements(org.id);
    await db.usageCounter.create({
      data: { orgId: org.id, meter: "runs", periodStart: ent.period.start, count: ent.limits.runsPerMonth! },
    });
    await applyCreditChangeNow({ orgId: org.id, delta: 3 * RUN_CREDIT_COST, reason: "adjustment", sourceId: `grant-${org.id}` });
    expect(await overageChoice(org.id)).toMatchObject({ mode: "credits", chosen: null, offered: ["credits", "metered", "stop"] });

    await setOverage(org, owner.id, { mode: "stop" });
    await expect(recordRun(org.id, project.id, owner.id)).rejects.toMatchObject({
      code: "limit_reached",
      status: 402,
      details: { limit: "runsPerMonth", overage: "stop" },
    });
    expect(await balanceOf(org.id)).toBe(3 * RUN_CREDIT_COST);
    expect(await db.run.count({ where: { orgId: org.id } })).toBe(0);
    const counter = await db.usageCounter.findFirstOrThrow({ where: { orgId: org.id, meter: "runs" } });
    expect(counter.count).toBe(ent.limits.runsPerMonth);

    await setOverage(org, owner.id, { mode: "credits" });
    await recordRun(org.id, project.id, owner.id);
    expect(await balanceOf(org.id)).toBe(2 * RUN_CREDIT_COST);
    const audited = await db.billingAuditEntry.findMany({
      where: { orgId: org.id, action: "billing.overage_mode_changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(audited.map((e) => [e.before, e.after])).toEqual([
      [{ mode: "credits" }, { mode: "stop" }],
      [{ mode: "stop" }, { mode: "credits" }],
    ]);
  });
});
