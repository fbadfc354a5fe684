import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { causedBySystem, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { announceBillingChange } from "@/lib/db/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { env } from "@/lib/env";
import { lockOrg } from "@/lib/orgs/lock-org";

/**
 * Records the moment a past-due org's grace period ran out: entitlements already
 * restrict it from then on (the rule is evaluated at check time), this makes the
 * transition an audit entry and tells every process. `now` is the billing clock.
 */
export async function restrictExpiredGracePeriods(now = new Date()): Promise<string[]> {
  const cutoff = subDays(now, env().PAST_DUE_GRACE_DAYS, { in: utc });
  const due = await db.subscription.findMany({
    where: { status: "past_due", restrictedAt: null, pastDueSince: { lte: cutoff } },
    select: { id: true, orgId: true },
  });
  const restricted: string[] = [];
  for (const { id, orgId } of due) {
    await db.$transaction(async (tx) => {
      await lockOrg(tx, orgId);
      const sub = await tx.subscription
        .update({ where: { id, status: "past_due", restrictedAt: null }, data: { restrictedAt: now } })
        .catch(() => null);
      if (!sub) return;
      await writeAudit(tx, {
        orgId,
        action: "org.restricted",
        cause: causedBySystem("grace-sweep"),
        before: { access: "grace", pastDueSince: sub.pastDueSince?.toISOString() ?? null },
        after: { access: "restricted", subscription: sub.stripeSubscriptionId },
      });
      await announceBillingChange(tx, orgId);
      restricted.push(orgId);
    });
    forgetEntitlements(orgId);
  }
  return restricted;
}
