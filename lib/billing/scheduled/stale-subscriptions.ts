import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import type { AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { syncSubscription } from "../sync/subscription";

/** Stripe expires a subscription left incomplete for 23 hours; a mirror still incomplete a day on missed that. */

/** Re-reads from Stripe every subscription the mirror still shows as incomplete after Stripe would have expired it. */
export async function resyncStaleSubscriptions(cause: AuditCause, now = new Date()): Promise<number> {
  const stale = await db.subscription.findMany({
    where: { status: "incomplete", createdAt: { lt: subDays(now, 1, { in: utc }) } },
    select: { stripeSubscriptionId: true, stripeCustomerId: true },
  });
  for (const sub of stale) {
    await withCustomerLock(sub.stripeCustomerId, () => syncSubscription(sub.stripeSubscriptionId, { cause }));
  }
  return stale.length;
}
