import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Serializes changes to one org inside a transaction: membership changes (so "the last owner"
 * is decided on a stable count), limit checks with the writes they guard, and billing syncs.
 */
export async function lockOrg(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$queryRaw`select id from "Organization" where id = ${orgId} for update`;
}
