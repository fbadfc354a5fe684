import "server-only";
import { db } from "@/lib/db";
import { seatsInUse } from "@/lib/entitlements/seats";
import { AppError } from "@/lib/errors";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { isManageable } from "@/lib/plans/subscription-states";
import { requireStripe } from "@/lib/stripe/client";
import { isProration } from "../commands/invoice-preview";
import { clampSeats, quantitySteps } from "./sync-seat-quantity";

export type SeatQuote = {
  /** The seats billed now, and after one more person (the same when the plan's minimum covers them). */
  seats: number;
  seatsAfter: number;
  currency: string;
  interval: string;
  /** The catalog's price of one seat for the subscription's interval. */
  unitAmount: number;
  /** What each later invoice grows by, as Stripe computes it (discounts and tax included). */
  recurringChange: number;
  /** What one more seat costs for the rest of this period, and when it is charged. */
  prorated: number;
  charged: "now" | "next_invoice" | "never" | "already_paid";
  trialing: boolean;
  /** Pass back with the invitation: the seat job prorates from this moment, so Stripe charges what was shown. */
  prorationDate: number;
};

/**
 * What one more seat costs the org, asked of Stripe's invoice previews for its per-seat subscription as it stands:
 * the proration an added seat is charged now (or on the next invoice, as the plan says), and the change to every
 * later invoice. Null when the org is not on a per-seat plan it can change.
 */
export async function quoteSeat(orgId: string): Promise<SeatQuote | null> {
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  if (!sub || !isManageable(sub.status) || !sub.stripeItemId) return null;
  const plan = await db.plan.findUnique({ where: { code: sub.planCode } });
  if (plan?.pricing !== "per_seat") return null;
  const inUse = await seatsInUse(orgId, { invitations: plan.countInvitations });
  const seats = clampSeats(inUse, plan);
  const seatsAfter = clampSeats(inUse + 1, plan);
  if (plan.maxSeats !== null && inUse + 1 > plan.maxSeats)
    throw new AppError("over_limits", `${plan.name} has room for ${plan.maxSeats} seats; choose a larger plan to add more.`);
  const trialing = sub.status === "trialing";
  // A seat given up this period, unrefunded, is filled again for nothing (see quantitySteps).
  const alreadyPaid = !trialing && quantitySteps(plan, { ...sub, quantity: seats }, seatsAfter)[0]!.change.proration_behavior === "none";
  const unitAmount = (sub.interval === "year" ? plan.annualPriceCents : plan.monthlyPriceCents) ?? 0;
  const charged =
    trialing || seatsAfter === seats
      ? ("never" as const)
      : alreadyPaid
        ? ("already_paid" as const)
        : plan.seatIncrease === "charge_now"
          ? ("now" as const)
          : ("next_invoice" as const);
  const stripe = requireStripe();
  // Stripe's quantity, not the mirror's: a seat job may have changed it a moment ago, or be about to (then the count
  // already includes a seat Stripe hasn't billed, and the quote is the difference one more makes).
  const { quantity: onStripe = 1 } = await stripe.subscriptionItems.retrieve(sub.stripeItemId);
  const preview = (quantity: number, proration: "always_invoice" | "none") =>
    stripe.invoices.createPreview({
      customer: sub.stripeCustomerId,
      subscription: sub.stripeSubscriptionId,
      subscription_details: { items: [{ id: sub.stripeItemId!, quantity }], proration_behavior: proration },
    });
  const prorates = charged === "now" || charged === "next_invoice";
  const [withSeat, without, nextWithSeat, nextWithout] = await Promise.all([
    prorates ? preview(seatsAfter, "always_invoice") : null,
    prorates && seats !== onStripe ? preview(seats, "always_invoice") : null,
    preview(seatsAfter, "none"),
    preview(seats, "none"),
  ]);
  return {
    seats,
    seatsAfter,
    interval: sub.interval,
    unitAmount,
    trialing,
    charged,
    currency: nextWithout.currency,
    recurringChange: nextWithSeat.total - nextWithout.total,
    prorated: (withSeat?.amount_due ?? 0) - (without?.amount_due ?? 0),
    // Stripe's own "now" (a test clock's on one): the moment the preview prorated from.
    prorationDate: withSeat?.lines.data.find(isProration)?.period.start ?? Math.floor(Date.now() / 1000),
  };
}
