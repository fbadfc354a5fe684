import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { createTopUpIntent } from "@/lib/credits/topup-intent";
import { db } from "@/lib/db";
import { customerOnTestClock, drained, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import type { Finding, ReconcileCounts } from "./findings";
import { createReconcileRun, reconcileRunView } from "./reconcile-runs";
import { runReconcile } from "./run-reconcile";

// Stripe's three days of retries pass in about three seconds here, so the drill can wait for them to run out.
const stack = setUpBillingStack({ retryScale: 0.00001 });
const HOUR = 3_600_000;

const priceOf = async (code: string) => (await db.plan.findUniqueOrThrow({ where: { code } })).stripeMonthlyPriceId!;
const balanceOf = async (orgId: string) => (await db.organization.findUniqueOrThrow({ where: { id: orgId } })).creditBalance;
const wait = { timeout: 10_000, interval: 20 };

/** An org on Team, paid monthly by Visa, its customer on a test clock of its own. */
async function teamOrg() {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const clock = await customerOnTestClock(stack(), org.id);
  const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: clock.customerId });
  const sub = await stack().stripe.subscriptions.create({
    customer: clock.customerId,
    items: [{ price: await priceOf("team") }],
    default_payment_method: card.id,
  });
  await vi.waitUntil(
    async () => (await db.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } }))?.status === "active",
    wait,
  );
  const periodEnd = new Date(sub.items.data[0]!.current_period_end * 1000);
  return { owner, org, clock, sub, periodEnd };
}

/** Tollgate's subscriptions and invoices for the customer, field by field, are Stripe's. */
async function expectMirrorsStripe(orgId: string, customerId: string) {
  const subs = await stack().stripe.subscriptions.list({ customer: customerId, status: "all" });
  for (const sub of subs.data) {
    const item = sub.items.data[0]!;
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({
      status: sub.status,
      stripePriceId: item.price.id,
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      currentPeriodStart: new Date(item.current_period_start * 1000),
      currentPeriodEnd: new Date(item.current_period_end * 1000),
    });
  }
  const invoices: Stripe.Invoice[] = await stack()
    .stripe.invoices.list({ customer: customerId, limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  const local = await db.invoice.findMany({
    where: { orgId },
    select: { stripeInvoiceId: true, status: true, total: true, amountPaid: true },
  });
  expect(local.map((i) => i.stripeInvoiceId).sort()).toEqual(invoices.map((i) => i.id).sort());
  for (const invoice of invoices) {
    expect(local.find((i) => i.stripeInvoiceId === invoice.id)).toMatchObject({
      status: invoice.status,
      total: invoice.total,
      amountPaid: invoice.amount_paid,
    });
  }
}

async function reconcile(since: Date) {
  const created = await createReconcileRun({ since: since.toISOString() }, "api");
  await runReconcile(created.id);
  const view = await reconcileRunView(created.id);
  return { ...view, counts: view.counts as ReconcileCounts, findings: view.findings as Finding[] };
}

describe("outage drill", () => {
  it(
    "after 72 hours with the app down and Stripe's retries run out, one reconcile brings every org to Stripe's state",
    { timeout: 180_000 },
    async () => {
      const drillStart = new Date(Date.now() - HOUR);
      const renewing = await teamOrg();
      const failing = await teamOrg();
      const cancelling = await teamOrg();
      const changing = await teamOrg();
      const orgs = [renewing, failing, cancelling, changing];

      // A top-up bought and credited while the app is up, and one started just before it goes down.
      const refundedLater = await createTopUpIntent(renewing.org, renewing.owner.id, { pack: "credits_20000" });
      await stack().stripe.paymentIntents.confirm(refundedLater.paymentIntentId, { payment_method: "pm_card_visa" });
      const pack = await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: refundedLater.paymentIntentId } });
      await vi.waitUntil(async () => (await balanceOf(renewing.org.id)) === pack.credits, wait);
      const paidDuringOutage = await createTopUpIntent(renewing.org, renewing.owner.id, { pack: "credits_20000" });

      const declining = await stack().stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: failing.clock.customerId });
      await stack().stripe.subscriptions.update(failing.sub.id, { default_payment_method: declining.id });
      for (const o of orgs) await o.clock.advanceTo(new Date(o.periodEnd.getTime() - 24 * HOUR));
      await drained();
      const periodEndBefore = (await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: renewing.sub.id } }))
        .currentPeriodEnd;

      await stack().takeAppDown();

      // In Stripe's Dashboard, while Tollgate hears nothing: a cancellation at period end, a plan change, a payment, a refund.
      await stack().stripe.subscriptions.update(cancelling.sub.id, { cancel_at_period_end: true });
      await stack().stripe.subscriptions.update(changing.sub.id, {
        // Business bills 3 seats at least, as an operator moving them in the Dashboard would set.
        items: [{ id: changing.sub.items.data[0]!.id, price: await priceOf("business"), quantity: 3 }],
        proration_behavior: "none",
      });
      await stack().stripe.paymentIntents.confirm(paidDuringOutage.paymentIntentId, { payment_method: "pm_card_visa" });
      await stack().stripe.refunds.create({ payment_intent: refundedLater.paymentIntentId });
      // A day in, every period ends: three renewals are paid, one is declined; then its owner pays with another card.
      for (const o of orgs) await o.clock.advanceTo(new Date(o.periodEnd.getTime() + HOUR));
      const declined = (await stack().stripe.invoices.list({ customer: failing.clock.customerId, status: "open" })).data[0]!;
      await stack().stripe.invoices.pay(declined.id, {
        payment_method: (await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: failing.clock.customerId })).id,
      });
      for (const o of orgs) await o.clock.advanceTo(new Date(o.periodEnd.getTime() + 48 * HOUR));

      // Stripe gives up: every delivery made while the app was down has failed for good.
      await vi.waitUntil(
        async () => {
          const { data } = (await (await fetch(`${stack().emu.url}/_emulator/deliveries`)).json()) as { data: { state: string }[] };
          return data.some((d) => d.state === "failed") && data.every((d) => d.state !== "pending");
        },
        { timeout: 30_000, interval: 100 },
      );
      await stack().bringAppBack();
      expect((await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: renewing.sub.id } })).currentPeriodEnd).toEqual(
        periodEndBefore,
      );
      expect(await balanceOf(renewing.org.id)).toBe(pack.credits);

      const run = await reconcile(drillStart);
      expect(run.status).toBe("succeeded");
      expect(run.counts).toMatchObject({ orgsChecked: 4, mismatches: 0 });
      expect(run.counts.eventsReplayed).toBeGreaterThan(0);
      await drained();

      for (const o of orgs) await expectMirrorsStripe(o.org.id, o.clock.customerId);
      const planOf = async (orgId: string) =>
        db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { planCode: true, subscriptionStatus: true } });
      expect(await planOf(renewing.org.id)).toEqual({ planCode: "team", subscriptionStatus: "active" });
      expect(await planOf(failing.org.id)).toEqual({ planCode: "team", subscriptionStatus: "active" });
      expect(await planOf(cancelling.org.id)).toEqual({ planCode: "free", subscriptionStatus: null });
      expect(await planOf(changing.org.id)).toEqual({ planCode: "business", subscriptionStatus: "active" });

      // Credits are what Stripe says: the refunded pack taken back, the one paid during the outage added, each once.
      expect(await balanceOf(renewing.org.id)).toBe(pack.credits);
      const ledger = async (intent: string) =>
        (await db.creditLedgerEntry.findMany({ where: { sourceId: { startsWith: `${intent}:` } }, orderBy: { createdAt: "asc" } })).map(
          (e) => e.delta,
        );
      expect(await ledger(refundedLater.paymentIntentId)).toEqual([pack.credits, -pack.credits]);
      expect(await ledger(paidDuringOutage.paymentIntentId)).toEqual([pack.credits]);

      // Every change is on the audit log, caused by the replayed event that brought it or by the run.
      const since = await db.billingAuditEntry.findMany({ where: { createdAt: { gt: new Date(Date.now() - 60_000) } } });
      const actionsOf = (orgId: string) => since.filter((e) => e.orgId === orgId).map((e) => e.action);
      expect(actionsOf(cancelling.org.id)).toEqual(expect.arrayContaining(["subscription.status_changed", "org.plan_changed"]));
      expect(actionsOf(changing.org.id)).toEqual(expect.arrayContaining(["subscription.plan_changed", "org.plan_changed"]));
      expect(actionsOf(renewing.org.id)).toEqual(expect.arrayContaining(["credits.top_up_refunded", "credits.top_up_succeeded"]));
      expect(since.every((e) => e.actor.startsWith("stripe:") || e.actor === `system:reconcile:${run.id}`)).toBe(true);
      for (const finding of run.findings.filter((f) => f.kind === "repaired")) {
        expect(since.some((e) => e.action === finding.action && e.actor === `system:reconcile:${run.id}`)).toBe(true);
      }

      const audited = await db.billingAuditEntry.count();
      const again = await reconcile(drillStart);
      expect(again.findings).toEqual([]);
      expect(again.counts).toMatchObject({ repaired: 0, mismatches: 0, eventsReplayed: 0 });
      expect(await db.billingAuditEntry.count()).toBe(audited);
    },
  );
});
