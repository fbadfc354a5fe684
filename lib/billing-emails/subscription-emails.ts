import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { FREE_PLAN } from "@/lib/plans/effective-plan";
import { hasEnded } from "@/lib/plans/subscription-states";
import type { Prisma, Subscription } from "@/lib/generated/prisma/client";
import { recordBillingEmail } from "./outbox";
import type { PlanPrice, TrialEndingData } from "./render/subscription-templates";

/** A subscription first seen long after its trial began (a first reconcile) is history, not news: no email. */
const NEWS_WINDOW_DAYS = 3;
const FALLBACK_PLAN = "Free";

/** The plan's price for the subscription: on a per-seat plan, the seat price times its quantity, with the seats named. */
async function planPrice(tx: Prisma.TransactionClient, planCode: string, interval: string, quantity = 1): Promise<PlanPrice> {
  const plan = await tx.plan.findUnique({ where: { code: planCode } });
  const unit = (interval === "year" ? plan?.annualPriceCents : plan?.monthlyPriceCents) ?? null;
  const seats = plan?.pricing === "per_seat" ? quantity : null;
  return { planName: plan?.name ?? planCode, priceCents: unit === null ? null : unit * (seats ?? 1), currency: "usd", interval, seats };
}

/**
 * The emails a plan subscription's change calls for, recorded in the transaction that saves it (see
 * syncPlanSubscription): its trial starting, a trial ending unconverted, a real change of plan (never a status-only
 * update), and its end. Each is keyed by what caused it, so no redelivery or re-sync records it twice.
 */
export async function recordSubscriptionEmails(
  tx: Prisma.TransactionClient,
  orgId: string,
  existing: Subscription | null,
  saved: Subscription,
  now = new Date(),
): Promise<void> {
  const id = saved.stripeSubscriptionId;
  const record = (kind: Parameters<typeof recordBillingEmail>[1]["kind"], causeKey: string, data: Prisma.InputJsonValue) =>
    recordBillingEmail(tx, { kind, causeKey, orgId, data });
  const recentTrial = saved.trialStart !== null && saved.trialStart.getTime() >= subDays(now, NEWS_WINDOW_DAYS, { in: utc }).getTime();

  if (saved.status === "trialing" && existing?.status !== "trialing" && saved.trialEnd && (existing !== null || recentTrial)) {
    const price = await planPrice(tx, saved.planCode, saved.interval, saved.quantity);
    await record("trial_started", `${id}:trial_started`, { ...price, subscriptionId: id, trialEnd: saved.trialEnd.toISOString() });
  }
  if (!existing || !hasEnded(saved.status) || hasEnded(existing.status)) return;
  // The subscription has just ended.
  const { planName } = await planPrice(tx, saved.planCode, saved.interval);
  if (existing.status === "trialing") {
    await record("trial_ended", `${id}:trial_ended`, { subscriptionId: id, planName, fallbackPlanName: FALLBACK_PLAN });
  } else if (existing.status !== "incomplete") {
    await record("subscription_cancelled", `${id}:ended`, {
      subscriptionId: id,
      planName,
      endedAt: (saved.canceledAt ?? now).toISOString(),
      fallbackPlanName: FALLBACK_PLAN,
    });
  }
}

/**
 * The org's plan changed from one paid plan to another (an upgrade now, or a downgrade when it takes effect), in the
 * transaction that changes it: starting from Free and falling back to it have emails of their own. Only the sync
 * that makes the change gets here, so the time makes the key unique.
 */
export async function recordPlanChangedEmail(
  tx: Prisma.TransactionClient,
  orgId: string,
  change: { from: string; to: string; interval: string; subscriptionId: string },
  now = new Date(),
): Promise<void> {
  if (change.from === FREE_PLAN || change.to === FREE_PLAN) return;
  const [from, to] = await Promise.all([planPrice(tx, change.from, change.interval), planPrice(tx, change.to, change.interval)]);
  await recordBillingEmail(tx, {
    kind: "plan_changed",
    causeKey: `${change.subscriptionId}:plan:${change.from}>${change.to}:${now.toISOString()}`,
    orgId,
    data: {
      subscriptionId: change.subscriptionId,
      fromPlanName: from.planName,
      toPlanName: to.planName,
      interval: change.interval,
      effectiveAt: now.toISOString(),
    },
  });
}

/** Stripe's notice three days before a trial ends, as an email with the amount and the card on file. */
export async function recordTrialEndingEmail(tx: Prisma.TransactionClient, orgId: string, saved: Subscription): Promise<void> {
  if (saved.status !== "trialing" || !saved.trialEnd) return;
  const card = saved.paymentMethod as { brand?: string; last4?: string } | null;
  const data: TrialEndingData = {
    ...(await planPrice(tx, saved.planCode, saved.interval, saved.quantity)),
    subscriptionId: saved.stripeSubscriptionId,
    trialEnd: saved.trialEnd.toISOString(),
    card: card?.brand && card.last4 ? { brand: card.brand, last4: card.last4 } : null,
  };
  await recordBillingEmail(tx, {
    kind: "trial_ending",
    causeKey: `${saved.stripeSubscriptionId}:trial_ending:${data.trialEnd}`,
    orgId,
    data,
  });
}
