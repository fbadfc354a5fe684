import "server-only";
import { subHours } from "date-fns";
import type { AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { syncSubscription } from "../sync/subscription";

/** Stripe ends a trial within about an hour of its end; a mirror still trialing after that missed the change. */

export type TrialCheck = { checked: number; converted: number; ended: number; stillTrialing: number };

/**
 * Re-reads from Stripe every subscription the mirror shows trialing past its end, so converted trials become active
 * and unconverted ones end on Free, with the audit entries (and emails) a webhook would have brought.
 */
export async function checkTrialExpirations(cause: AuditCause, now = new Date()): Promise<TrialCheck> {
  const overdue = await db.subscription.findMany({
    where: { status: "trialing", trialEnd: { lt: subHours(now, 1) } },
    select: { id: true, stripeSubscriptionId: true, stripeCustomerId: true },
  });
  const result: TrialCheck = { checked: overdue.length, converted: 0, ended: 0, stillTrialing: 0 };
  for (const sub of overdue) {
    await withCustomerLock(sub.stripeCustomerId, () => syncSubscription(sub.stripeSubscriptionId, { cause }));
    const after = await db.subscription.findUniqueOrThrow({ where: { id: sub.id }, select: { status: true } });
    if (after.status === "trialing") result.stillTrialing++;
    else if (after.status === "active" || after.status === "past_due") result.converted++;
    else result.ended++;
  }
  return result;
}
