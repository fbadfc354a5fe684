import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import type { Interval } from "@/lib/catalog/catalog";
import { db } from "@/lib/db";
import { announceBillingChange } from "@/lib/db/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { overageChoice } from "@/lib/usage/overage-mode";
import { changeSubscription, type ManageableSubscription } from "./manageable-subscription";
import { queueOverageItemRemoval } from "../overage/overage-item";

/** The most a cap may be: $1,000,000 a period (a typo of a few zeros is refused, not billed). */
const MAX_CAP_CENTS = 100_000_000;

export const overageInput = z
  .object({
    mode: z.enum(["credits", "metered", "stop"]),
    /** The spending cap on runs beyond the allowance per period, in cents; null removes it, left out keeps it. */
    capCents: z.number().int().min(0).max(MAX_CAP_CENTS).nullable().optional(),
  })
  .strict();

/** The metered price of a plan for an interval (what pay as you go bills runs at), or null when it has none. */
export async function meteredPriceOf(planCode: string, interval: string): Promise<string | null> {
  const plan = await db.plan.findUnique({
    where: { code: planCode },
    select: { stripeMeteredMonthlyPriceId: true, stripeMeteredAnnualPriceId: true },
  });
  return (interval === "year" ? plan?.stripeMeteredAnnualPriceId : plan?.stripeMeteredMonthlyPriceId) ?? null;
}

/**
 * The items a plan change adds for the subscription's metered item: moved to the new plan's metered price for the
 * interval (Stripe bills all of a subscription's items on one interval), or removed when the new plan has none.
 */
export async function meteredItemChange(
  sub: Pick<ManageableSubscription, "stripeMeteredItemId">,
  planCode: string,
  interval: Interval,
): Promise<Stripe.SubscriptionUpdateParams.Item[]> {
  if (!sub.stripeMeteredItemId) return [];
  const price = await meteredPriceOf(planCode, interval);
  return [price ? { id: sub.stripeMeteredItemId, price } : { id: sub.stripeMeteredItemId, deleted: true }];
}

/**
 * Puts the plan's metered price on the subscription as its own item (no quantity, nothing prorated), under the
 * customer's lock: two admins saving at once add one item, the second finding it there.
 */
async function addMeteredItem(orgId: string, userId: string): Promise<void> {
  await changeSubscription(orgId, userId, async (sub) => {
    const price = await meteredPriceOf(sub.planCode, sub.interval);
    if (!price) throw new AppError("price_not_configured", "Pay as you go can't be turned on yet: its price is not synced to Stripe.");
    if (sub.stripeMeteredPriceId === price) return null;
    return {
      items: sub.stripeMeteredItemId ? [{ id: sub.stripeMeteredItemId, price }] : [{ price }],
      proration_behavior: "none",
    };
  });
}

/**
 * An admin's choice of what runs beyond the allowance do (among what the org's plan offers) and of the spending cap on
 * them. Pay as you go is on once Stripe has the metered item: it is added first, so a Stripe that is away leaves the
 * choice unchanged (503). Leaving it keeps the item until the period ends, so the runs metered so far are billed, and a
 * job takes it off then. The mode, the cap and their audit entries are one transaction.
 */
export async function setOverage(org: OrgRef, userId: string, input: z.infer<typeof overageInput>) {
  const { offered } = await overageChoice(org.id);
  if (!offered.includes(input.mode)) {
    const { planCode } = await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { planCode: true } });
    const plan = await db.plan.findUnique({ where: { code: planCode }, select: { name: true } });
    throw new AppError("overage_mode_not_offered", `${plan?.name ?? planCode} doesn't offer that for runs beyond its allowance.`, {
      offered,
    });
  }
  if (input.mode === "metered") await addMeteredItem(org.id, userId);
  await db.$transaction(async (tx) => {
    // Two admins saving at once: the second reads what the first saved, and audits its change from there.
    await tx.$executeRaw`select 1 from "Organization" where "id" = ${org.id} for update`;
    const before = await overageChoice(org.id, tx);
    const capCents = input.capCents === undefined ? before.capCents : input.capCents;
    await tx.organization.update({ where: { id: org.id }, data: { overageMode: input.mode, overageCapCents: capCents } });
    const audit = (action: "billing.overage_mode_changed" | "billing.overage_cap_changed", from: object, to: object) =>
      writeAudit(tx, { orgId: org.id, action, cause: causedByUser(userId), before: from, after: to });
    if (before.mode !== input.mode) await audit("billing.overage_mode_changed", { mode: before.mode }, { mode: input.mode });
    if (before.capCents !== capCents) await audit("billing.overage_cap_changed", { capCents: before.capCents }, { capCents });
    if (before.mode === "metered" && input.mode !== "metered") await queueOverageItemRemoval(tx, org.id);
    await announceBillingChange(tx, org.id);
  });
  forgetEntitlements(org.id);
  return overageChoice(org.id);
}
