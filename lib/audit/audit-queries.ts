import "server-only";
import { z } from "zod";
import { keysetPage } from "@/lib/http/keyset-page";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

export const auditListQuery = z.object({
  org_id: z.string().min(1).max(64).optional(),
  kind: z.enum(["change", "mismatch", "failure"]).optional(),
  unresolved: z.enum(["true", "false"]).optional(),
  action: z.string().min(1).max(80).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().min(1).max(64).optional(),
});

const entrySelect = {
  id: true,
  orgId: true,
  kind: true,
  action: true,
  actor: true,
  actorUserId: true,
  stripeEventId: true,
  before: true,
  after: true,
  note: true,
  createdAt: true,
  resolvedAt: true,
  resolvedById: true,
  resolution: true,
  org: { select: { slug: true, name: true } },
} as const;

/** Newest first, keyset-paginated by `before` (an entry id). Failures and mismatches can be filtered to the unresolved. */
export async function listAuditEntries(viewer: Viewer, query: z.infer<typeof auditListQuery>) {
  assertOperator(viewer);
  const rows = await db.billingAuditEntry.findMany({
    where: {
      ...(query.org_id ? { orgId: query.org_id } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.unresolved === "true" ? { resolvedAt: null, kind: query.kind ?? { in: ["mismatch", "failure"] } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
    select: entrySelect,
  });
  const { items, hasMore, nextBefore } = keysetPage(rows, query.limit);
  return { entries: items, hasMore, nextBefore };
}

/** One entry, with the stored Stripe event when it has one (type, status, attempts, last error). */
export async function getAuditEntry(viewer: Viewer, id: string) {
  assertOperator(viewer);
  return readAuditEntry(id);
}

async function readAuditEntry(id: string) {
  const entry = await db.billingAuditEntry.findUnique({ where: { id }, select: entrySelect });
  if (!entry) throw new AppError("not_found", "No such audit entry.");
  const event = entry.stripeEventId
    ? await db.stripeEvent.findUnique({
        where: { id: entry.stripeEventId },
        select: { id: true, type: true, status: true, attempts: true, lastError: true, receivedAt: true, processedAt: true },
      })
    : null;
  return { ...entry, event };
}

export const resolveInput = z.object({ resolution: z.string().trim().min(1, "Say how it was resolved.").max(2000) }).strict();

/** Marks an entry resolved with the operator's words; resolving twice is a 409. */
export async function resolveAuditEntry(id: string, userId: string, input: z.infer<typeof resolveInput>) {
  const { count } = await db.billingAuditEntry.updateMany({
    where: { id, resolvedAt: null },
    data: { resolvedAt: new Date(), resolvedById: userId, resolution: input.resolution },
  });
  if (count === 0) {
    await readAuditEntry(id);
    throw new AppError("conflict", "This entry is already resolved.");
  }
  return readAuditEntry(id);
}
