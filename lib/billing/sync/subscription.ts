import "server-only";
import type Stripe from "stripe";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { announceBillingChange } from "@/lib/entitlements/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { lockOrg } from "@/lib/orgs/lock-org";
import { requireStripe } from "@/lib/stripe/client";
import { catalogItemForProduct } from "../catalog";
import { effectivePlan, governingSubscription } from "../effective-plan";
import { syncAddOnSubscription } from "./addon-subscription";
import { findOrgForCustomer } from "./find-org";
import { mirrorInvoice } from "./invoice";
import { cardOf, discountOf, fromUnix, idOf, periodOf } from "./stripe-objects";
import { refuseReusedTrialCard } from "./trial-card";

/** Metadata that keeps the old plan until the end of the paid period after a downgrade at period end. */
export const KEEP_PLAN_KEY = "tollgate_keep_plan";
export const KEEP_UNTIL_KEY = "tollgate_keep_until";

export type SyncOptions = { cause: AuditCause; eventAt?: Date };

/**
 * Brings the local copy of a subscription, and the org's effective plan, in line with
 * Stripe's current state (re-read, never taken from an event), with one audit entry
 * per real transition. Running it again with nothing changed in Stripe writes nothing.
 */
export async function syncSubscription(subscriptionId: string, options: SyncOptions): Promise<void> {
  const sub = await retrieveSubscription(subscriptionId);
  if (!sub) return;
  const item = sub.items.data[0];
  const catalogItem = await catalogItemForProduct(idOf(item?.price.product as string | { id: string } | undefined));
  if (!catalogItem) return;
  const org = await findOrgForCustomer(idOf(sub.customer)!, sub.metadata?.orgId);
  if (!org) return;
  if (catalogItem.kind === "addon") return syncAddOnSubscription(org.id, sub, catalogItem.code, options);
  const { trialRefused } = await syncPlanSubscription(org.id, sub, catalogItem.code, options);
  if (trialRefused) await syncSubscription(subscriptionId, options);
}

async function retrieveSubscription(id: string): Promise<Stripe.Subscription | null> {
  try {
    return await requireStripe().subscriptions.retrieve(id, {
      expand: ["default_payment_method", "latest_invoice", "discounts.source.coupon"],
    });
  } catch (err) {
    if ((err as { code?: string }).code === "resource_missing") return null;
    throw err;
  }
}

type Snapshot = { status: string; planCode: string; interval: string; cancelAtPeriodEnd: boolean; trialEnd: string | null };

function snapshot(s: { status: string; planCode: string; interval: string; cancelAtPeriodEnd: boolean; trialEnd: Date | null }): Snapshot {
  return {
    status: s.status,
    planCode: s.planCode,
    interval: s.interval,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    trialEnd: s.trialEnd?.toISOString() ?? null,
  };
}

async function syncPlanSubscription(orgId: string, sub: Stripe.Subscription, planCode: string, { cause, eventAt }: SyncOptions) {
  const item = sub.items.data[0]!;
  const period = periodOf(sub);
  const card = cardOf(sub.default_payment_method as Stripe.PaymentMethod | string | null);
  const keepUntil = Number(sub.metadata?.[KEEP_UNTIL_KEY]);
  const fields = {
    status: sub.status,
    planCode,
    interval: item.price.recurring?.interval ?? "month",
    stripePriceId: item.price.id,
    stripeItemId: item.id,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: fromUnix(sub.cancel_at),
    canceledAt: fromUnix(sub.canceled_at),
    trialStart: fromUnix(sub.trial_start),
    trialEnd: fromUnix(sub.trial_end),
    keepPlanCode: sub.metadata?.[KEEP_PLAN_KEY] || null,
    keepPlanUntil: keepUntil ? new Date(keepUntil * 1000) : null,
    paymentMethod: card ? { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear } : undefined,
    discount: discountOf(sub) ?? Prisma.DbNull,
  };
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    await lockOrg(tx, orgId);
    const existing = await tx.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { planCode: true, subscriptionStatus: true, trialUsedAt: true },
    });
    const pastDue = sub.status === "past_due";
    const data = {
      ...fields,
      pastDueSince: pastDue ? (existing?.pastDueSince ?? dueSince(sub) ?? now) : null,
      restrictedAt: pastDue ? (existing?.restrictedAt ?? null) : null,
      latestEventAt: maxDate(existing?.latestEventAt ?? null, eventAt ?? null),
      syncedAt: now,
    };
    const saved = await tx.subscription.upsert({
      where: { stripeSubscriptionId: sub.id },
      create: {
        ...data,
        orgId,
        stripeSubscriptionId: sub.id,
        stripeCustomerId: idOf(sub.customer)!,
        createdAt: fromUnix(sub.created) ?? now,
      },
      update: data,
    });
    await auditSubscriptionChange(tx, orgId, existing ? snapshot(existing) : null, snapshot(saved), sub.id, cause);
    // The invoice the status depends on lands with it, so "past due" never shows without its unpaid invoice.
    if (sub.latest_invoice && typeof sub.latest_invoice !== "string") await mirrorInvoice(tx, orgId, sub.latest_invoice);
    const governing = governingSubscription(await tx.subscription.findMany({ where: { orgId } }));
    const effective = effectivePlan(governing, eventAt ?? now, env().PAST_DUE_GRACE_DAYS);
    const trialUsedAt = org.trialUsedAt ?? saved.trialStart;
    const orgAfter = { planCode: effective.planCode, subscriptionStatus: governing?.status ?? null };
    if (orgAfter.planCode !== org.planCode || orgAfter.subscriptionStatus !== org.subscriptionStatus || trialUsedAt !== org.trialUsedAt) {
      await tx.organization.update({ where: { id: orgId }, data: { ...orgAfter, trialUsedAt } });
      if (orgAfter.planCode !== org.planCode) {
        await writeAudit(tx, {
          orgId,
          action: "org.plan_changed",
          cause,
          before: { planCode: org.planCode },
          after: { planCode: orgAfter.planCode, subscription: sub.id },
        });
      }
      await announceBillingChange(tx, orgId);
    } else if (existing === null || snapshotsDiffer(snapshot(existing), snapshot(saved))) {
      await announceBillingChange(tx, orgId);
    }
    return saved;
  });
  forgetEntitlements(orgId);
  const trialRefused =
    result.status === "trialing" && card?.fingerprint ? await refuseReusedTrialCard(orgId, sub.id, card.fingerprint, cause) : false;
  return { trialRefused };
}

/** When the unpaid invoice fell due, on Stripe's clock (a test clock's, in tests): the grace period counts from there. */
function dueSince(sub: Stripe.Subscription): Date | null {
  const invoice = sub.latest_invoice;
  if (!invoice || typeof invoice === "string") return null;
  return fromUnix(invoice.status_transitions?.finalized_at ?? invoice.created);
}

const snapshotsDiffer = (a: Snapshot, b: Snapshot) => JSON.stringify(a) !== JSON.stringify(b);

async function auditSubscriptionChange(
  tx: Prisma.TransactionClient,
  orgId: string,
  before: Snapshot | null,
  after: Snapshot,
  subscriptionId: string,
  cause: AuditCause,
) {
  const entry = (action: string, b: Partial<Snapshot> | null, a: Partial<Snapshot>) =>
    writeAudit(tx, { orgId, action, cause, before: b, after: { ...a, subscription: subscriptionId } });
  if (!before) {
    await entry("subscription.created", null, after);
    if (after.status === "trialing") await entry("trial.started", null, { trialEnd: after.trialEnd });
    return;
  }
  if (before.status !== after.status) await entry("subscription.status_changed", { status: before.status }, { status: after.status });
  if (before.planCode !== after.planCode || before.interval !== after.interval) {
    await entry(
      "subscription.plan_changed",
      { planCode: before.planCode, interval: before.interval },
      { planCode: after.planCode, interval: after.interval },
    );
  }
  if (before.cancelAtPeriodEnd !== after.cancelAtPeriodEnd) {
    await entry(
      after.cancelAtPeriodEnd ? "subscription.cancel_scheduled" : "subscription.cancel_undone",
      { cancelAtPeriodEnd: before.cancelAtPeriodEnd },
      { cancelAtPeriodEnd: after.cancelAtPeriodEnd },
    );
  }
}

function maxDate(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
