import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { seatsInUse } from "@/lib/entitlements/seats";
import { AppError } from "@/lib/errors";
import { governingSubscription } from "@/lib/plans/effective-plan";
import { isManageable } from "@/lib/plans/subscription-states";
import { requireStripe } from "@/lib/stripe/client";
import { isProration } from "../commands/invoice-preview";
import { clampSeats } from "./sync-seat-quantity";

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
  charged: "now" | "next_invoice" | "never";
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
  const prorationDate = Math.floor(Date.now() / 1000);
  const unitAmount = (sub.interval === "year" ? plan.annualPriceCents : plan.monthlyPriceCents) ?? 0;
  const quote = {
    seats,
    seatsAfter,
    interval: sub.interval,
    unitAmount,
    trialing,
    prorationDate,
    charged:
      trialing || seatsAfter === seats
        ? ("never" as const)
        : plan.seatIncrease === "charge_now"
          ? ("now" as const)
          : ("next_invoice" as const),
  };
  const stripe = requireStripe();
  const base = { customer: sub.stripeCustomerId, subscription: sub.stripeSubscriptionId };
  if (seatsAfter === seats)
    return { ...quote, currency: (await stripe.invoices.createPreview(base)).currency, recurringChange: 0, prorated: 0 };
  const withSeat = (details: Stripe.InvoiceCreatePreviewParams.SubscriptionDetails) =>
    stripe.invoices.createPreview({
      ...base,
      subscription_details: { items: [{ id: sub.stripeItemId!, quantity: sub.quantity + 1 }], ...details },
    });
  const [today, next, nextWithSeat] = await Promise.all([
    trialing ? null : withSeat({ proration_behavior: "always_invoice" }),
    stripe.invoices.createPreview(base),
    withSeat({ proration_behavior: "none" }),
  ]);
  return {
    ...quote,
    currency: next.currency,
    recurringChange: nextWithSeat.total - next.total,
    prorated: today?.amount_due ?? 0,
    // Stripe's own "now" (a test clock's on one): the moment the preview prorated from.
    prorationDate: today?.lines.data.find(isProration)?.period.start ?? prorationDate,
  };
}
