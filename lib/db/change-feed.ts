import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The Postgres channel on which every process hears that an org's billing changed. */
export const BILLING_CHANGED_CHANNEL = "tollgate_billing_changed";

/** Announces, when the transaction commits, that the org's entitlements changed (any process's cache drops it). */
export async function announceBillingChange(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$executeRaw`select pg_notify(${BILLING_CHANGED_CHANNEL}, ${orgId})`;
}

/** Announces that every org's entitlements changed (a new license for the installation). */
export async function announceInstallationChange(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`select pg_notify(${BILLING_CHANGED_CHANNEL}, '*')`;
}
