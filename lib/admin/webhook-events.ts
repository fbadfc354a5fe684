import "server-only";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { keysetPage } from "@/lib/http/keyset-page";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

export const webhookEventsQuery = z.object({
  status: z.enum(["pending", "failed", "processed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().min(1).max(255).optional(),
});

export const webhookRetryInput = z.union([
  z.object({ eventId: z.string().min(1).max(255) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

const eventSelect = {
  id: true,
  type: true,
  status: true,
  attempts: true,
  lastError: true,
  customerId: true,
  stripeCreatedAt: true,
  receivedAt: true,
  processedAt: true,
} as const;

/** Stored webhook events, newest first; pending and failed ones are what an operator looks at. */
export async function listWebhookEvents(viewer: Viewer, query: z.infer<typeof webhookEventsQuery>) {
  assertOperator(viewer);
  const rows = await db.stripeEvent.findMany({
    where: query.status ? { status: query.status } : {},
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
    select: eventSelect,
  });
  const { items, hasMore, nextBefore } = keysetPage(rows, query.limit);
  const counts = await db.stripeEvent.groupBy({ by: ["status"], where: { status: { in: ["pending", "failed"] } }, _count: true });
  const count = (status: string) => counts.find((c) => c.status === status)?._count ?? 0;
  return { events: items, hasMore, nextBefore, pending: count("pending"), failed: count("failed") };
}

/**
 * Puts failed events back to pending with a fresh count of attempts: the worker's feeder queues them again and they
 * are processed as if just received. Each retry is an audit entry naming the operator. An event whose payload was
 * already pruned cannot be processed again and is refused.
 */
export async function retryFailedEvents(ids: string[] | "all", userId: string): Promise<{ retried: string[] }> {
  return db.$transaction(async (tx) => {
    // Raw SQL for "has its payload": Prisma's DbNull filter compares by object identity, which a bundled route breaks.
    const failed = await tx.$queryRaw<{ id: string; type: string; customerId: string | null }[]>`
      select "id", "type", "customerId" from "StripeEvent"
      where "status" = 'failed' and "payload" is not null and (${ids === "all"} or "id" = any(${ids === "all" ? [] : ids}::text[]))
      for update`;
    if (ids !== "all" && failed.length !== ids.length) {
      const known = await tx.stripeEvent.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      if (known.length !== ids.length) throw new AppError("not_found", "No such webhook event.");
      throw new AppError("conflict", "Only failed events (with their payload) can be retried; this one is not failed.");
    }
    if (failed.length === 0) return { retried: [] };
    await tx.stripeEvent.updateMany({
      where: { id: { in: failed.map((e) => e.id) } },
      data: { status: "pending", attempts: 0, lastError: null },
    });
    const orgs = await tx.organization.findMany({
      where: { stripeCustomerId: { in: failed.map((e) => e.customerId).filter((c): c is string => c !== null) } },
      select: { id: true, stripeCustomerId: true },
    });
    for (const event of failed) {
      await writeAudit(tx, {
        orgId: orgs.find((o) => o.stripeCustomerId === event.customerId)?.id ?? null,
        action: "webhook.retried",
        cause: { ...causedByUser(userId), stripeEventId: event.id },
        after: { event: event.id, type: event.type },
      });
    }
    return { retried: failed.map((e) => e.id) };
  });
}
