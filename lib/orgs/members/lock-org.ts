import type { Prisma } from "@/lib/generated/prisma/client";

/** Serializes membership changes of one org, so "the last owner" is decided on a stable count. */
export async function lockOrgForMembershipChange(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$queryRaw`select id from "Organization" where id = ${orgId} for update`;
}
