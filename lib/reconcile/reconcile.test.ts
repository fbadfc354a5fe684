import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { applyCreditChangeNow } from "@/lib/credits/ledger";
import { createTopUpIntent } from "@/lib/credits/topup-intent";
import { db } from "@/lib/db";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { orgWithCustomer as customerOrg, setUpBillingStack } from "@/test/support/billing-stack";
import type { Finding, ReconcileCounts } from "./findings";
import { createReconcileRun, reconcileRunView } from "./reconcile-runs";
import { runReconcile } from "./run-reconcile";

// No webhook reaches the app here: every change below is made in Stripe behind Tollgate's back.
const stack = setUpBillingStack({ deliver: false });
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

const orgWithCustomer = () => customerOrg(stack());

const priceOf = async (code: string) => (await db.plan.findUniqueOrThrow({ where: { code } })).stripeMonthlyPriceId!;

async function reconcile(orgId: string) {
  const created = await createReconcileRun({ orgId }, "api");
  await runReconcile(created.id);
  const view = await reconcileRunView(created.id);
  return { ...view, counts: view.counts as ReconcileCounts, findings: view.findings as Finding[] };
}

const orgRow = (id: string) => db.organization.findUniqueOrThrow({ where: { id } });
const auditCount = (orgId: string) => db.billingAuditEntry.count({ where: { orgId } });

describe("reconcile against Stripe", () => {
  it("brings a subscription made, changed and cancelled behind Tollgate's back into the mirror, and a second run finds nothing", async () => {
    const { org, customerId } = await orgWithCustomer();
    const sub = await stack().stripe.subscriptions.create({ customer: customerId, items: [{ price: await priceOf("team") }] });

    const first = await reconcile(org.id);
    expect(first.status).toBe("succeeded");
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({
      status: "active",
      planCode: "team",
    });
    expect(await orgRow(org.id)).toMatchObject({ planCode: "team", subscriptionStatus: "active" });
    expect(await db.invoice.findFirstOrThrow({ where: { orgId: org.id } })).toMatchObject({ status: "paid", amountPaid: 1200 });
    expect(first.findings.map((f) => f.action)).toContain("reconcile.subscription_repaired");
    const repairs = await db.billingAuditEntry.findMany({ where: { orgId: org.id, action: "reconcile.subscription_repaired" } });
    expect(repairs.map((r) => r.actor)).toEqual([`system:reconcile:${first.id}`]);
    expect(first.counts).toMatchObject({ orgsChecked: 1, mismatches: 0 });
    expect(first.counts.stripeCalls).toBeGreaterThan(0);

    const audited = await auditCount(org.id);
    const second = await reconcile(org.id);
    expect(second.findings).toEqual([]);
    expect(second.counts).toMatchObject({ repaired: 0, mismatches: 0 });
    expect(await auditCount(org.id)).toBe(audited);

    const item = sub.items.data[0]!.id;
    await stack().stripe.subscriptions.update(sub.id, {
      items: [{ id: item, price: await priceOf("business") }],
      proration_behavior: "none",
    });
    expect((await reconcile(org.id)).counts.repaired).toBeGreaterThan(0);
    expect(await orgRow(org.id)).toMatchObject({ planCode: "business" });

    await stack().stripe.subscriptions.cancel(sub.id);
    await reconcile(org.id);
    expect(await orgRow(org.id)).toMatchObject({ planCode: "free" });
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({ status: "canceled" });
  });

  it("reports a local subscription Stripe doesn't know once, leaves it for an operator, and the CLI exits 1 over it", async () => {
    const { org, customerId } = await orgWithCustomer();
    await db.subscription.create({
      data: {
        orgId: org.id,
        stripeSubscriptionId: "sub_only_in_tollgate",
        stripeCustomerId: customerId,
        status: "active",
        planCode: "team",
        interval: "month",
      },
    });
    const first = await reconcile(org.id);
    expect(first.findings).toEqual([
      expect.objectContaining({
        kind: "mismatch",
        action: "reconcile.subscription_unknown_to_stripe",
        detail: expect.objectContaining({ subscription: "sub_only_in_tollgate" }),
      }),
    ]);
    expect(await db.subscription.count({ where: { stripeSubscriptionId: "sub_only_in_tollgate" } })).toBe(1);
    expect((await reconcile(org.id)).findings).toEqual([]);
    expect(await db.billingAuditEntry.count({ where: { orgId: org.id, action: "reconcile.subscription_unknown_to_stripe" } })).toBe(1);

    const cli = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/cli.ts", "billing", "reconcile", "--org-id", org.slug, "--since", "2026-01-01T00:00:00"],
      {
        cwd: ROOT,
        env: childProcessEnv({
          DATABASE_URL: stack().databaseUrl,
          STRIPE_API_BASE: stack().emu.url,
          STRIPE_SECRET_KEY: "sk_test_tollgate_billing_tests",
        }),
      },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/orgs with a customer\s+1/);
    expect(cli.stdout).toContain("1 unresolved mismatch");

    await db.billingAuditEntry.updateMany({
      where: { orgId: org.id, kind: "mismatch" },
      data: { resolvedAt: new Date(), resolution: "Checked." },
    });
    await db.subscription.delete({ where: { stripeSubscriptionId: "sub_only_in_tollgate" } });
    const clean = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/cli.ts", "billing", "reconcile", "--org-id", org.id],
      {
        cwd: ROOT,
        env: childProcessEnv({
          DATABASE_URL: stack().databaseUrl,
          STRIPE_API_BASE: stack().emu.url,
          STRIPE_SECRET_KEY: "sk_test_tollgate_billing_tests",
        }),
      },
    );
    expect(clean.stdout).toContain("No unresolved mismatches.");
  });

  it("credits a top-up Stripe took but Tollgate never heard of, reverses a refund, and reports a local double credit without touching it", async () => {
    const { owner, org, customerId } = await orgWithCustomer();
    await stack().stripe.subscriptions.create({ customer: customerId, items: [{ price: await priceOf("team") }] });
    await reconcile(org.id);
    const topUp = await createTopUpIntent(org, owner.id, { pack: "credits_20000" });
    const pack = await db.topUpPurchase.findUniqueOrThrow({ where: { stripePaymentIntentId: topUp.paymentIntentId } });
    await stack().stripe.paymentIntents.confirm(topUp.paymentIntentId, { payment_method: "pm_card_visa" });
    expect((await orgRow(org.id)).creditBalance).toBe(0);

    const credited = await reconcile(org.id);
    expect(credited.findings).toEqual([
      expect.objectContaining({
        kind: "repaired",
        action: "reconcile.top_up_repaired",
        detail: expect.objectContaining({ creditsAfter: pack.credits }),
      }),
    ]);
    expect((await orgRow(org.id)).creditBalance).toBe(pack.credits);

    // A bug credits the same payment a second time, in the ledger and the balance alike.
    await applyCreditChangeNow({ orgId: org.id, delta: pack.credits, reason: "topup", sourceId: `${topUp.paymentIntentId}:dup` });
    const doubled = await reconcile(org.id);
    expect(doubled.findings).toEqual([
      expect.objectContaining({
        kind: "mismatch",
        action: "reconcile.top_up_ledger_mismatch",
        detail: {
          paymentIntent: topUp.paymentIntentId,
          ledgerCredits: 2 * pack.credits,
          recordedCredits: pack.credits,
          packCredits: pack.credits,
        },
      }),
    ]);
    expect((await orgRow(org.id)).creditBalance).toBe(2 * pack.credits);
    const audited = await auditCount(org.id);
    expect((await reconcile(org.id)).findings).toEqual([]);
    expect(await auditCount(org.id)).toBe(audited);

    // A balance edited by hand, with no ledger entry, is reported too.
    await db.organization.update({ where: { id: org.id }, data: { creditBalance: { increment: 5 } } });
    expect((await reconcile(org.id)).findings).toEqual([
      expect.objectContaining({
        kind: "mismatch",
        action: "reconcile.credit_balance_drift",
        detail: { org: org.id, balance: 2 * pack.credits + 5, ledgerTotal: 2 * pack.credits },
      }),
    ]);

    await stack().stripe.refunds.create({ payment_intent: topUp.paymentIntentId });
    const refunded = await reconcile(org.id);
    expect(refunded.findings).toEqual([
      expect.objectContaining({
        kind: "repaired",
        action: "reconcile.top_up_repaired",
        detail: expect.objectContaining({ creditsAfter: pack.credits }),
      }),
    ]);
    expect((await db.topUpPurchase.findUniqueOrThrow({ where: { id: pack.id } })).state).toBe("refunded");
    expect((await orgRow(org.id)).creditBalance).toBe(pack.credits + 5);
  });

  it("reports an invoice only Tollgate has, once", async () => {
    const { org } = await orgWithCustomer();
    await db.invoice.create({
      data: {
        orgId: org.id,
        stripeInvoiceId: "in_only_in_tollgate",
        status: "paid",
        currency: "usd",
        subtotal: 4900,
        total: 4900,
        amountDue: 4900,
        amountPaid: 4900,
        amountRemaining: 0,
        stripeCreatedAt: new Date(),
      },
    });
    expect((await reconcile(org.id)).findings).toEqual([
      expect.objectContaining({
        kind: "mismatch",
        action: "reconcile.invoice_unknown_to_stripe",
        detail: { invoice: "in_only_in_tollgate", localStatus: "paid", total: 4900 },
      }),
    ]);
    expect((await reconcile(org.id)).findings).toEqual([]);
  });

  it("stores and processes the events Stripe could not deliver", async () => {
    const { org, customerId } = await orgWithCustomer();
    await fetch(`${stack().emu.url}/_emulator/webhook_endpoints`, {
      method: "POST",
      body: JSON.stringify({ url: "http://127.0.0.1:9/unreachable", enabled_events: ["customer.subscription.created"] }),
    });
    const sub = await stack().stripe.subscriptions.create({ customer: customerId, items: [{ price: await priceOf("team") }] });
    const result = await reconcile(org.id);
    expect(result.counts.eventsReplayed).toBeGreaterThan(0);
    const [created] = (await stack().stripe.events.list({ type: "customer.subscription.created", limit: 100 })).data.filter(
      (e) => (e.data.object as { id: string }).id === sub.id,
    );
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: created!.id } })).toMatchObject({ status: "processed" });
    // The replayed event brought the subscription in, so the comparison after it had nothing left to repair.
    expect(await db.subscription.findUniqueOrThrow({ where: { stripeSubscriptionId: sub.id } })).toMatchObject({ planCode: "team" });
    expect(result.findings.filter((f) => f.action === "reconcile.subscription_repaired")).toEqual([]);
  });
});
