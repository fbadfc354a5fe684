import "server-only";
import type Stripe from "stripe";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { db } from "@/lib/db";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { seatsInUse } from "@/lib/entitlements/seats";
import type { Plan, Subscription } from "@/lib/generated/prisma/client";
import { MANAGEABLE_STATUSES } from "@/lib/plans/subscription-states";
import { requireStripe } from "@/lib/stripe/client";
import { SEAT_QUOTE_TTL_SECONDS, SYNC_SEATS_TASK } from "@/lib/orgs/seat-changes";

/** The seats a per-seat plan bills for an org now: the seats in use as its catalog entry counts them, within its bounds. */
export async function billableSeats(orgId: string, plan: Pick<Plan, "minSeats" | "maxSeats" | "countInvitations">): Promise<number> {
  return clampSeats(await seatsInUse(orgId, { invitations: plan.countInvitations }), plan);
}

/** The quantity a subscription to `planCode` starts with: the billable seats on a per-seat plan, 1 on a flat one. */
export async function startingQuantity(orgId: string, planCode: string): Promise<number> {
  const plan = await db.plan.findUniqueOrThrow({ where: { code: planCode } });
  return plan.pricing === "per_seat" ? billableSeats(orgId, plan) : 1;
}

/** Seats in use as a per-seat plan bills them: never under its minimum or over its maximum. */
export function clampSeats(inUse: number, plan: Pick<Plan, "minSeats" | "maxSeats">): number {
  return Math.min(Math.max(inUse, plan.minSeats), plan.maxSeats ?? Number.POSITIVE_INFINITY);
}

/** How Stripe is asked to bill a change of quantity, as the plan's catalog entry says. */
export function quantityChange(
  plan: Pick<Plan, "seatIncrease" | "seatDecrease">,
  from: number,
  to: number,
  trialing: boolean,
): Pick<Stripe.SubscriptionItemUpdateParams, "proration_behavior" | "payment_behavior"> {
  // A trial is free: its quantity follows the members, and nothing is prorated.
  if (trialing) return { proration_behavior: "none" };
  if (to > from)
    return plan.seatIncrease === "charge_now"
      ? // Charged now, and applied only once paid: a declined card leaves the change pending on Stripe.
        { proration_behavior: "always_invoice", payment_behavior: "pending_if_incomplete" }
      : { proration_behavior: "create_prorations" };
  // Fewer seats: no refund for the period paid (the next invoice bills the lower count), or a credit now.
  return { proration_behavior: plan.seatDecrease === "credit_now" ? "create_prorations" : "none" };
}

/**
 * A quoted proration date is charged as shown while it is fresh and inside the current period (a renewal since the
 * quote starts a new one, and Stripe refuses a date before it).
 */
function quoteStillHolds(date: number | null, periodStart: Date): boolean {
  if (date === null) return false;
  return date >= periodStart.getTime() / 1000 && date >= Date.now() / 1000 - 2 * SEAT_QUOTE_TTL_SECONDS;
}

type QuantityStep = { from: number; to: number; change: ReturnType<typeof quantityChange> };

/**
 * The updates that take Stripe's quantity to `to`. A seat given up this period was not refunded (`period_end`), so
 * filling it again before the period ends is free: up to the seats paid for this period the quantity rises without
 * proration, and only the seats beyond are charged.
 */
export function quantitySteps(
  plan: Pick<Plan, "seatIncrease" | "seatDecrease">,
  subscription: Pick<Subscription, "quantity" | "paidSeats" | "status">,
  to: number,
): QuantityStep[] {
  const from = subscription.quantity;
  const trialing = subscription.status === "trialing";
  const paidUpTo = Math.min(to, subscription.paidSeats);
  if (to <= from || trialing || plan.seatDecrease !== "period_end" || paidUpTo <= from)
    return [{ from, to, change: quantityChange(plan, from, to, trialing) }];
  const steps: QuantityStep[] = [{ from, to: paidUpTo, change: { proration_behavior: "none" } }];
  if (to > paidUpTo) steps.push({ from: paidUpTo, to, change: quantityChange(plan, paidUpTo, to, false) });
  return steps;
}

/**
 * The seats as Stripe holds them now. The mirror can be behind Stripe (a renewal whose webhook has not been handled yet,
 * a quantity changed in the Dashboard): charging from it would fill a renewed period's seats as if last period's
 * payment covered them. A period that started since the mirror's has paid for the quantity it renewed at.
 */
async function liveSeats(
  subscription: Pick<Subscription, "stripeSubscriptionId" | "stripeItemId" | "paidSeats" | "currentPeriodStart">,
): Promise<(Pick<Subscription, "quantity" | "paidSeats" | "status"> & { periodStart: Date }) | null> {
  const sub = await requireStripe().subscriptions.retrieve(subscription.stripeSubscriptionId);
  const item = sub.items.data.find((i) => i.id === subscription.stripeItemId);
  if (!item || !MANAGEABLE_STATUSES.includes(sub.status)) return null;
  const quantity = item.quantity ?? 1;
  const periodStart = new Date(item.current_period_start * 1000);
  const samePeriod = subscription.currentPeriodStart?.getTime() === periodStart.getTime();
  return { quantity, status: sub.status, periodStart, paidSeats: samePeriod ? Math.max(subscription.paidSeats, quantity) : quantity };
}

export type SeatSync = { from: number; to: number; pending: boolean } | null;

/**
 * The sync_seats job: brings the quantity of the org's per-seat plan on Stripe to its billable count, under the
 * customer's lock (so it never interleaves with the customer's webhooks or an admin's change), then mirrors what Stripe
 * answered. The idempotency key names the org's seat version and the change (from the quantity Stripe holds to the
 * billable one), which are all its parameters depend on: a retry of this job is the same request to Stripe, and a later
 * change, or a quantity someone changed on Stripe meanwhile, a new one. Returns what it asked for, or null when there
 * was nothing to change.
 */
export async function syncSeatQuantity(orgId: string): Promise<SeatSync> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { stripeCustomerId: true } });
  if (!org?.stripeCustomerId) return null;
  return withCustomerLock(org.stripeCustomerId, async () => {
    const subscription = await db.subscription.findFirst({
      where: { orgId, status: { in: MANAGEABLE_STATUSES }, stripeItemId: { not: null } },
      orderBy: { createdAt: "desc" },
    });
    if (!subscription) return null;
    const plan = await db.plan.findUnique({ where: { code: subscription.planCode } });
    if (plan?.pricing !== "per_seat") return null;
    const { seatVersion, seatProrationDate } = await db.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { seatVersion: true, seatProrationDate: true },
    });
    const to = await billableSeats(orgId, plan);
    const live = await liveSeats(subscription);
    if (!live) return null;
    if (to === live.quantity) {
      // A retry after Stripe applied the change, its mirror not yet written: nothing to ask, the mirror to catch up.
      if (live.quantity !== subscription.quantity)
        await syncSubscription(subscription.stripeSubscriptionId, { cause: causedBySystem(SYNC_SEATS_TASK) });
      return null;
    }
    const from = live.quantity;
    let item: Stripe.SubscriptionItem | null = null;
    for (const step of quantitySteps(plan, live, to)) {
      const quoted = step.change.proration_behavior !== "none" && quoteStillHolds(seatProrationDate, live.periodStart);
      item = await requireStripe().subscriptionItems.update(
        subscription.stripeItemId!,
        { quantity: step.to, ...step.change, ...(quoted ? { proration_date: seatProrationDate! } : {}) },
        { idempotencyKey: `seats:${orgId}:${seatVersion}:${step.from}-${step.to}` },
      );
    }
    await syncSubscription(subscription.stripeSubscriptionId, { cause: causedBySystem(SYNC_SEATS_TASK) });
    return { from, to, pending: item!.quantity !== to };
  });
}
