import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ENDED_STATUSES } from "@/lib/plans/subscription-states";

/** Marks subscriptions over for SUBSCRIPTION_ARCHIVE_DAYS as archived: Stripe will never bill them again, and views leave them out. */
export async function archiveEndedSubscriptions(now = new Date()): Promise<number> {
  const before = subDays(now, env().SUBSCRIPTION_ARCHIVE_DAYS, { in: utc });
  const { count } = await db.subscription.updateMany({
    where: {
      status: { in: ENDED_STATUSES },
      archivedAt: null,
      OR: [{ canceledAt: { lt: before } }, { canceledAt: null, updatedAt: { lt: before } }],
    },
    data: { archivedAt: now },
  });
  return count;
}
