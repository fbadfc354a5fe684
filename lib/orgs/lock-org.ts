import type { Prisma } from "@/lib/generated/prisma/client";

/** The orgs each open transaction has locked: a row lock lasts until the transaction ends, so once is enough. */
const locked = new WeakMap<Prisma.TransactionClient, Set<string>>();

/**
 * Serializes changes to one org inside a transaction: membership changes (so "the last owner"
 * is decided on a stable count), limit checks with the writes they guard, and billing syncs.
 * A second call in the same transaction (a subscription sync that mirrors its invoice) costs no statement.
 */
export async function lockOrg(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  const held = locked.get(tx);
  if (held?.has(orgId)) return;
  await tx.$queryRaw`select id from "Organization" where id = ${orgId} for update`;
  if (held) held.add(orgId);
  else locked.set(tx, new Set([orgId]));
}
