import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";

export type PruneResult = { payloadsDropped: number; eventsDeleted: number };

/**
 * Keeps the webhook store small without losing deduplication: a processed event drops its payload
 * STRIPE_EVENT_PAYLOAD_DAYS after processing, and its row (id and outcome) goes once Stripe can no longer resend it
 * (STRIPE_EVENT_RETENTION_DAYS after Stripe created it, at least 30). Pending and failed events are never touched:
 * they still have work to do or an operator to tell.
 */
export async function pruneStripeEvents(now = new Date()): Promise<PruneResult> {
  const { STRIPE_EVENT_PAYLOAD_DAYS, STRIPE_EVENT_RETENTION_DAYS } = env();
  const deleted = await db.stripeEvent.deleteMany({
    where: { status: "processed", stripeCreatedAt: { lt: subDays(now, STRIPE_EVENT_RETENTION_DAYS, { in: utc }) } },
  });
  const dropped = await db.stripeEvent.updateMany({
    where: {
      status: "processed",
      processedAt: { lt: subDays(now, STRIPE_EVENT_PAYLOAD_DAYS, { in: utc }) },
      payload: { not: Prisma.DbNull },
    },
    data: { payload: Prisma.DbNull },
  });
  return { payloadsDropped: dropped.count, eventsDeleted: deleted.count };
}
