import "server-only";
import type { AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { syncSubscription } from "../sync/subscription";

/** Stripe expires a subscription left incomplete for 23 hours; a mirror still incomplete a day on missed that. */
const INCOMPLETE_FOR_MS = 24 * 3_600_000;

/** Re-reads from Stripe every subscription the mirror still shows as incomplete after Stripe would have expired it. */
export async function resyncStaleSubscriptions(cause: AuditCause, now = new Date()): Promise<number> {
  const stale = await db.subscription.findMany({
    where: { status: "incomplete", createdAt: { lt: new Date(now.getTime() - INCOMPLETE_FOR_MS) } },
    select: { stripeSubscriptionId: true, stripeCustomerId: true },
  });
  for (const sub of stale) {
    await withCustomerLock(sub.stripeCustomerId, () => syncSubscription(sub.stripeSubscriptionId, { cause }));
  }
  return stale.length;
}
