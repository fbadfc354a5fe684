import "server-only";
import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { announceBillingChange } from "@/lib/db/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { env } from "@/lib/env";
import { lockOrg } from "@/lib/orgs/lock-org";
import { recordSeatChange } from "@/lib/orgs/seat-changes";
import { queueAddOnAlignment } from "./addon-alignment-queue";
import { effectivePlan, governingSubscription } from "@/lib/plans/effective-plan";
import { hasEnded } from "@/lib/plans/subscription-states";
import { mirrorInvoice } from "./invoice";
import { fromUnix, idOf } from "@/lib/stripe/objects";
import { auditSubscriptionChange, snapshot, snapshotsDiffer } from "./subscription-audit";
import { dueSince, subscriptionFields } from "./subscription-fields";
import type { SyncOptions } from "./sync-options";
import { refuseReusedTrialCard } from "./trial-card";
import { recordPlanChangedEmail, recordSubscriptionEmails } from "@/lib/billing-emails/subscription-emails";

/**
 * Saves a plan subscription and the org's effective plan in one transaction under the org's lock, with
 * its audit entries and its latest invoice; then refuses a trial started with a card that already had one.
 * Returns whether it refused one (the caller then re-reads Stripe, where the trial has ended).
 */
export async function syncPlanSubscription(orgId: string, sub: Stripe.Subscription, planCode: string, { cause, eventAt }: SyncOptions) {
  const { fields, card } = subscriptionFields(sub, planCode);
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    await lockOrg(tx, orgId);
    const existing = await tx.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { planCode: true, subscriptionStatus: true, trialUsedAt: true },
    });
    const pastDue = sub.status === "past_due";
    const samePeriod = existing?.currentPeriodStart?.getTime() === fields.currentPeriodStart?.getTime();
    const data = {
      ...fields,
      // A renewal bills the quantity it renews at; an increase since was charged (Stripe applies it once paid).
      paidSeats: existing && samePeriod ? Math.max(existing.paidSeats, fields.quantity) : fields.quantity,
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
    const said = sub.cancellation_details;
    const cancelReason = said?.comment || said?.feedback || null;
    await auditSubscriptionChange(tx, orgId, existing ? snapshot(existing) : null, snapshot(saved), sub.id, cause, cancelReason);
    if (existing && (existing.cancelAtPeriodEnd !== saved.cancelAtPeriodEnd || hasEnded(existing.status) !== hasEnded(saved.status))) {
      await queueAddOnAlignment(tx, orgId);
    }
    await recordSubscriptionEmails(tx, orgId, existing, saved);
    // The invoice the status depends on lands with it, so "past due" never shows without its unpaid invoice.
    if (sub.latest_invoice && typeof sub.latest_invoice !== "string") await mirrorInvoice(tx, orgId, sub.latest_invoice);
    const governing = governingSubscription(await tx.subscription.findMany({ where: { orgId } }));
    const effective = effectivePlan(governing, eventAt ?? now, env().PAST_DUE_GRACE_DAYS);
    const trialUsedAt = org.trialUsedAt ?? saved.trialStart;
    const orgAfter = { planCode: effective.planCode, subscriptionStatus: governing?.status ?? null };
    if (orgAfter.planCode !== org.planCode || orgAfter.subscriptionStatus !== org.subscriptionStatus || trialUsedAt !== org.trialUsedAt) {
      await tx.organization.update({ where: { id: orgId }, data: { ...orgAfter, trialUsedAt } });
      if (orgAfter.planCode !== org.planCode) {
        await recordPlanChangedEmail(tx, orgId, {
          from: org.planCode,
          to: orgAfter.planCode,
          interval: saved.interval,
          subscriptionId: sub.id,
        });
        // Members may have come and gone between Checkout and now: a per-seat plan's quantity is checked once on arrival.
        await recordSeatChange(tx, orgId);
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

function maxDate(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
