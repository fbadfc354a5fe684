import "server-only";
import { z } from "zod";
import { keysetPage } from "@/lib/http/keyset-page";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";
import { describeActor, describeChange } from "./describe";

export const auditListQuery = z.object({
  org_id: z.string().min(1).max(64).optional(),
  /** An org by its slug, its name (any case) or its id: what an operator has in hand. */
  org: z.string().trim().min(1).max(120).optional(),
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
  const named = query.org
    ? await db.organization.findMany({
        where: { OR: [{ id: query.org }, { slug: query.org.toLowerCase() }, { name: { equals: query.org, mode: "insensitive" } }] },
        select: { id: true },
      })
    : null;
  const rows = await db.billingAuditEntry.findMany({
    where: {
      ...(query.org_id ? { orgId: query.org_id } : {}),
      ...(named ? { orgId: { in: named.map((o) => o.id) } } : {}),
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
  const people = await peopleOf(items.map((e) => e.actorUserId));
  return {
    entries: items.map((e) => ({ ...e, actorName: describeActor(e.actor, people), changes: describeChange(e.before, e.after) })),
    hasMore,
    nextBefore,
  };
}

/** Names (else email addresses) of the users who made entries. */
export async function peopleOf(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email]));
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
