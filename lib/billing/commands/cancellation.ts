import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { changeSubscription } from "./manageable-subscription";
import { subscriptionSummary } from "../read/subscription-summary";

export const cancelInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/** Cancels at the end of the paid period (the org keeps its plan until then); 409 when a cancellation is already pending. */
export async function cancelAtPeriodEnd(org: OrgRef, userId: string, input: z.infer<typeof cancelInput>) {
  await changeSubscription(org.id, userId, async (sub) => {
    if (sub.cancelAtPeriodEnd || sub.cancelAt)
      throw new AppError("conflict", "The subscription is already set to cancel at the end of the period.");
    return {
      cancel_at_period_end: true,
      ...(input.reason ? { cancellation_details: { comment: input.reason } } : {}),
      metadata: { cancelReason: input.reason ?? "" },
    };
  });
  return subscriptionSummary(org.id);
}

/** Undoes a pending cancellation; 400 subscription_not_cancelled when none is pending. */
export async function reactivate(org: OrgRef, userId: string) {
  await changeSubscription(org.id, userId, async (sub) => {
    // Stripe's word, not the mirror's: a cancellation made in the portal may not have reached us yet.
    const current = await requireStripe().subscriptions.retrieve(sub.stripeSubscriptionId);
    if (!current.cancel_at_period_end && !current.cancel_at) {
      throw new AppError("subscription_not_cancelled", "The subscription is not set to cancel, so there is nothing to undo.");
    }
    return { cancel_at_period_end: false, metadata: { cancelReason: "" } };
  });
  return subscriptionSummary(org.id);
}
