import "server-only";
import type Stripe from "stripe";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { settleTopUp } from "@/lib/credits/settle-top-up";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { TOPUP_KIND } from "@/lib/webhooks/payment-intents";
import { withCustomerLock } from "../customer-lock";
import { hasEnded } from "../subscription-states";
import { mirrorInvoice } from "../sync/invoice";
import { syncSubscription } from "../sync/subscription";
import type { Finding, ReconcileCounts } from "./findings";

export type ReconcileContext = { cause: AuditCause; since: Date; findings: Finding[]; counts: ReconcileCounts };

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** A repair made from Stripe's state: on the audit log, caused by the run, and among the run's findings. */
async function repaired(ctx: ReconcileContext, orgId: string, action: string, detail: Record<string, unknown>): Promise<void> {
  const json = JSON.parse(JSON.stringify(detail));
  await db.$transaction((tx) => writeAudit(tx, { orgId, action, cause: ctx.cause, after: json }));
  ctx.findings.push({ orgId, kind: "repaired", action, detail: json });
  ctx.counts.repaired++;
}

/**
 * A disagreement that is not safe to repair by itself, recorded once until an operator resolves it: a later run
 * finds the open entry (matched on `key`) and writes nothing new.
 */
export async function mismatchOnce(
  ctx: ReconcileContext,
  orgId: string | null,
  action: string,
  key: [string, string],
  detail: Record<string, unknown>,
  note: string,
): Promise<void> {
  const open = await db.billingAuditEntry.count({
    where: { orgId, action, kind: "mismatch", resolvedAt: null, after: { path: [key[0]], equals: key[1] } },
  });
  if (open > 0) return;
  const json = JSON.parse(JSON.stringify({ [key[0]]: key[1], ...detail }));
  await db.$transaction((tx) => writeAudit(tx, { orgId, kind: "mismatch", action, cause: ctx.cause, after: json, note }));
  ctx.findings.push({ orgId, kind: "mismatch", action, detail: json });
  ctx.counts.mismatches++;
}

/** The local mirror of a subscription, plan or add-on, in the fields a reconcile compares. */
async function localSubscription(stripeSubscriptionId: string) {
  const plan = await db.subscription.findUnique({
    where: { stripeSubscriptionId },
    select: {
      status: true,
      planCode: true,
      interval: true,
      stripePriceId: true,
      currentPeriodStart: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      cancelAt: true,
      trialEnd: true,
      discount: true,
    },
  });
  if (plan) return { kind: "plan", ...plan };
  const addOn = await db.orgAddOn.findUnique({
    where: { stripeSubscriptionId },
    select: { status: true, addOnCode: true, currentPeriodEnd: true, cancelAtPeriodEnd: true },
  });
  return addOn ? { kind: "addon", ...addOn } : null;
}

async function reconcileSubscriptions(org: { id: string }, customerId: string, ctx: ReconcileContext): Promise<void> {
  const stripe = requireStripe();
  const seen = new Set<string>();
  for await (const sub of stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100 })) {
    seen.add(sub.id);
    ctx.counts.objectsCompared++;
    const before = await localSubscription(sub.id);
    await withCustomerLock(customerId, () => syncSubscription(sub.id, { cause: ctx.cause }));
    const after = await localSubscription(sub.id);
    if (JSON.stringify(before) !== JSON.stringify(after))
      await repaired(ctx, org.id, "reconcile.subscription_repaired", { subscription: sub.id, before, after });
  }
  // Read after the syncs above, so it is the mirror as Stripe has it now.
  const local = await db.subscription.findMany({ where: { orgId: org.id }, select: { stripeSubscriptionId: true, status: true } });
  for (const sub of local.filter((s) => !seen.has(s.stripeSubscriptionId))) {
    await mismatchOnce(
      ctx,
      org.id,
      "reconcile.subscription_unknown_to_stripe",
      ["subscription", sub.stripeSubscriptionId],
      { localStatus: sub.status },
      "Tollgate has a subscription for this org that Stripe does not list for its customer.",
    );
  }
  const stillLive = local.filter((s) => seen.has(s.stripeSubscriptionId) && !hasEnded(s.status));
  if (stillLive.length > 1) {
    await mismatchOnce(
      ctx,
      org.id,
      "reconcile.two_live_plans",
      ["org", org.id],
      { subscriptions: stillLive.map((s) => s.stripeSubscriptionId) },
      "This org has more than one live plan subscription in Stripe; it pays for both until one is cancelled.",
    );
  }
}

async function reconcileInvoices(org: { id: string }, customerId: string, ctx: ReconcileContext): Promise<void> {
  const shape = (i: { status: string; total: number; amountPaid: number; amountDue: number }) => ({
    status: i.status,
    total: i.total,
    amountPaid: i.amountPaid,
    amountDue: i.amountDue,
  });
  for await (const invoice of requireStripe().invoices.list({ customer: customerId, created: { gte: unix(ctx.since) }, limit: 100 })) {
    if (!invoice.id) continue;
    ctx.counts.objectsCompared++;
    const local = await db.invoice.findUnique({
      where: { stripeInvoiceId: invoice.id },
      select: { status: true, total: true, amountPaid: true, amountDue: true },
    });
    const remote = shape({
      status: invoice.status ?? "draft",
      total: invoice.total,
      amountPaid: invoice.amount_paid,
      amountDue: invoice.amount_due,
    });
    if (local && JSON.stringify(shape(local)) === JSON.stringify(remote)) continue;
    await mirrorInvoice(db, org.id, invoice);
    await repaired(ctx, org.id, "reconcile.invoice_repaired", { invoice: invoice.id, before: local, after: remote });
  }
}

const creditsFrom = async (orgId: string, intentId: string) =>
  (await db.creditLedgerEntry.aggregate({ where: { orgId, sourceId: { startsWith: `${intentId}:` } }, _sum: { delta: true } }))._sum
    .delta ?? 0;

/** Top-ups Tollgate priced, and payments on the customer that claim to be top-ups, settled again from their current state. */
async function reconcileTopUps(org: { id: string }, customerId: string, ctx: ReconcileContext): Promise<void> {
  const intents = new Set(
    (
      await db.topUpPurchase.findMany({ where: { orgId: org.id, createdAt: { gte: ctx.since } }, select: { stripePaymentIntentId: true } })
    ).map((p) => p.stripePaymentIntentId),
  );
  for await (const intent of requireStripe().paymentIntents.list({ customer: customerId, created: { gte: unix(ctx.since) }, limit: 100 })) {
    if ((intent as Stripe.PaymentIntent).metadata?.kind === TOPUP_KIND) intents.add(intent.id);
  }
  for (const intentId of intents) {
    ctx.counts.objectsCompared++;
    const before = await creditsFrom(org.id, intentId);
    await settleTopUp(intentId, ctx.cause, { claimsTopUp: true });
    const after = await creditsFrom(org.id, intentId);
    if (after !== before)
      await repaired(ctx, org.id, "reconcile.top_up_repaired", { paymentIntent: intentId, creditsBefore: before, creditsAfter: after });
  }
}

/** Compares one org's billing with Stripe and repairs what is safe to: its customer, subscriptions, invoices and top-ups. */
export async function reconcileOrg(org: { id: string; stripeCustomerId: string }, ctx: ReconcileContext): Promise<void> {
  ctx.counts.objectsCompared++;
  const customer = await requireStripe()
    .customers.retrieve(org.stripeCustomerId)
    .catch((err: { code?: string }) => {
      if (err.code === "resource_missing") return null;
      throw err;
    });
  if (!customer || customer.deleted) {
    await mismatchOnce(
      ctx,
      org.id,
      "reconcile.customer_missing",
      ["customer", org.stripeCustomerId],
      {},
      "The org's Stripe customer does not exist (or was deleted) in Stripe.",
    );
    return;
  }
  await reconcileSubscriptions(org, org.stripeCustomerId, ctx);
  await reconcileInvoices(org, org.stripeCustomerId, ctx);
  await reconcileTopUps(org, org.stripeCustomerId, ctx);
  // What settling top-ups found and could not repair (credits already spent, a forged top-up) is the run's too.
  const reported = await db.billingAuditEntry.findMany({
    where: { orgId: org.id, actor: ctx.cause.actor, kind: "mismatch", action: { startsWith: "credits." } },
    select: { action: true, after: true },
  });
  for (const entry of reported) {
    ctx.findings.push({ orgId: org.id, kind: "mismatch", action: entry.action, detail: entry.after ?? {} });
    ctx.counts.mismatches++;
  }
}
