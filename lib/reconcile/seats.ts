import "server-only";
import type Stripe from "stripe";
import { recordSeatChange, SYNC_SEATS_TASK } from "@/lib/orgs/seat-changes";
import { billableSeats } from "@/lib/billing/seats/sync-seat-quantity";
import { planItemOf } from "@/lib/stripe/objects";
import { db } from "@/lib/db";
import { isManageable } from "@/lib/plans/subscription-states";
import { repaired, type ReconcileContext } from "./context";

/**
 * A per-seat plan's quantity on Stripe against the org's billable count. They part when someone changes the quantity
 * in the Stripe Dashboard, or when a seat job (or an invitation's expiry job) ran out of attempts; the org's seat
 * version moves on and the seat job sets Stripe right, and the finding is on the audit log.
 * A change still waiting is left alone: a seat job queued for the org, or a charge Stripe holds as a pending update.
 */
export async function reconcileSeats(ctx: ReconcileContext, orgId: string, sub: Stripe.Subscription, planCode: string): Promise<void> {
  const item = planItemOf(sub);
  if (!item || !isManageable(sub.status) || sub.pending_update) return;
  const plan = await db.plan.findUnique({ where: { code: planCode } });
  if (plan?.pricing !== "per_seat") return;
  const billable = await billableSeats(orgId, plan);
  const quantity = item.quantity ?? 1;
  if (billable === quantity) return;
  const queued = await db.$queryRaw<{ waiting: boolean }[]>`
    select exists (select 1 from graphile_worker.jobs where key = ${`${SYNC_SEATS_TASK}:${orgId}`}) as waiting`;
  if (queued[0]?.waiting) return;
  await db.$transaction((tx) => recordSeatChange(tx, orgId));
  await repaired(ctx, orgId, "reconcile.seats_repaired", { subscription: sub.id, stripeQuantity: quantity, billableSeats: billable });
}
