import "server-only";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { withCustomerLock } from "@/lib/db/customer-lock";
import type { Prisma } from "@/lib/generated/prisma/client";
import { MANAGEABLE_STATUSES } from "@/lib/plans/subscription-states";
import { requireStripe } from "@/lib/stripe/client";
import { meteredItemOf } from "@/lib/stripe/objects";
import { syncSubscription } from "../sync/subscription";

export const OVERAGE_ITEM_TASK = "overage_item";
const OVERAGE_ITEM_ATTEMPTS = 25;
/** After the period's end: Stripe has renewed and billed the period's usage before the item is taken off. */
const AFTER_RENEWAL_MS = 2 * 3600_000;

/**
 * Queues, in the caller's transaction, the job that takes the metered item off once it has nothing left to bill: at
 * the current period's end (the runs metered so far are on that invoice), or at once when there is no period.
 */
export async function queueOverageItemRemoval(tx: Prisma.TransactionClient, orgId: string, runAt?: Date): Promise<void> {
  const sub = await tx.subscription.findFirst({
    where: { orgId, stripeMeteredItemId: { not: null }, status: { in: MANAGEABLE_STATUSES } },
    orderBy: { createdAt: "desc" },
    select: { currentPeriodEnd: true },
  });
  if (!sub) return;
  const at = runAt ?? new Date((sub.currentPeriodEnd?.getTime() ?? Date.now()) + AFTER_RENEWAL_MS);
  await tx.$queryRaw`select graphile_worker.add_job(${OVERAGE_ITEM_TASK}::text, json_build_object('orgId', ${orgId}::text),
    run_at => ${at}::timestamptz, job_key => ${`${OVERAGE_ITEM_TASK}:${orgId}`}::text,
    max_attempts => ${OVERAGE_ITEM_ATTEMPTS}::int)::text`;
}

export type OverageItemOutcome = "kept" | "waiting" | "removed" | "none";

/**
 * The overage_item job: an org that left pay as you go keeps the metered item while the period it is in has runs
 * metered (they bill at its renewal); once the item's current period has none it is removed, prorating nothing. An
 * org that chose pay as you go again meanwhile keeps it. Decided under the customer's lock from Stripe's copy.
 */
export async function removeIdleMeteredItem(orgId: string): Promise<OverageItemOutcome> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { stripeCustomerId: true } });
  if (!org?.stripeCustomerId) return "none";
  return withCustomerLock(org.stripeCustomerId, async () => {
    const { overageMode } = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { overageMode: true } });
    if (overageMode === "metered") return "kept";
    const sub = await db.subscription.findFirst({
      where: { orgId, stripeMeteredItemId: { not: null }, status: { in: MANAGEABLE_STATUSES } },
      orderBy: { createdAt: "desc" },
      select: { stripeSubscriptionId: true },
    });
    if (!sub) return "none";
    const live = await requireStripe().subscriptions.retrieve(sub.stripeSubscriptionId);
    const item = meteredItemOf(live);
    if (item) {
      const periodStart = new Date(item.current_period_start * 1000);
      const metered = await db.meterEvent.count({ where: { orgId, periodStart: { gte: periodStart } } });
      if (metered > 0) {
        await db.$transaction((tx) => queueOverageItemRemoval(tx, orgId, new Date(item.current_period_end * 1000 + AFTER_RENEWAL_MS)));
        return "waiting";
      }
      await requireStripe().subscriptionItems.del(
        item.id,
        { proration_behavior: "none" },
        { idempotencyKey: `overage-item-off:${item.id}` },
      );
    }
    await syncSubscription(sub.stripeSubscriptionId, { cause: causedBySystem(OVERAGE_ITEM_TASK) });
    return item ? "removed" : "none";
  });
}
