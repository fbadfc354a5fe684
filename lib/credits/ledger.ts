import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { CreditReason, Prisma } from "@/lib/generated/prisma/client";

export type CreditChange = { orgId: string; delta: number; reason: CreditReason; sourceId: string; note?: string };
export type CreditResult =
  { applied: true; balance: number } | { applied: false; reason: "already_applied" | "insufficient"; balance: number };

/**
 * Changes an org's credit balance by one ledger entry, in the caller's transaction. The
 * balance moves only if it stays at or above zero; the entry's (reason, sourceId) is unique,
 * so the same top-up, refund or run can never be applied twice, even by racing callers.
 */
export async function applyCreditChange(tx: Prisma.TransactionClient, change: CreditChange): Promise<CreditResult> {
  const existing = await tx.creditLedgerEntry.findUnique({
    where: { reason_sourceId: { reason: change.reason, sourceId: change.sourceId } },
  });
  if (existing) return { applied: false, reason: "already_applied", balance: existing.balanceAfter };
  const [row] = await tx.$queryRaw<{ creditBalance: number }[]>`
    update "Organization" set "creditBalance" = "creditBalance" + ${change.delta}
    where "id" = ${change.orgId} and "creditBalance" + ${change.delta} >= 0
    returning "creditBalance"`;
  if (!row) {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: change.orgId }, select: { creditBalance: true } });
    return { applied: false, reason: "insufficient", balance: org.creditBalance };
  }
  await tx.creditLedgerEntry.create({ data: { ...change, balanceAfter: row.creditBalance } });
  return { applied: true, balance: row.creditBalance };
}

/** applyCreditChange in its own transaction; a racing duplicate (unique violation) counts as already applied. */
export async function applyCreditChangeNow(change: CreditChange): Promise<CreditResult> {
  try {
    return await db.$transaction((tx) => applyCreditChange(tx, change));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const entry = await db.creditLedgerEntry.findUniqueOrThrow({
      where: { reason_sourceId: { reason: change.reason, sourceId: change.sourceId } },
    });
    return { applied: false, reason: "already_applied", balance: entry.balanceAfter };
  }
}

/** The balance and the newest entries, for the billing page and `GET …/billing/credits`. */
export async function creditSummary(orgId: string, limit = 20) {
  const [org, entries] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { creditBalance: true } }),
    db.creditLedgerEntry.findMany({
      where: { orgId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, delta: true, reason: true, sourceId: true, balanceAfter: true, note: true, createdAt: true },
    }),
  ]);
  // A top-up's entries (and its refunds') name the intent they settle: the purchase says who bought it.
  const intentOf = (sourceId: string) => sourceId.split(":")[0]!;
  const intents = entries.filter((e) => e.reason === "topup" || e.reason === "refund").map((e) => intentOf(e.sourceId));
  const purchases = intents.length
    ? await db.topUpPurchase.findMany({
        where: { orgId, stripePaymentIntentId: { in: intents } },
        select: { stripePaymentIntentId: true, createdById: true },
      })
    : [];
  const userIds = [...new Set(purchases.map((p) => p.createdById).filter((id): id is string => Boolean(id)))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const nameOf = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const buyers = new Map(purchases.map((p) => [p.stripePaymentIntentId, p.createdById ? (nameOf.get(p.createdById) ?? null) : null]));
  return {
    balance: org.creditBalance,
    entries: entries.map(({ sourceId, ...e }) => ({ ...e, by: buyers.get(intentOf(sourceId)) ?? null })),
  };
}
