import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// The queue side of lib/billing/scheduled/addons-follow-plan.ts, apart so the subscription sync can queue without importing it.

export const ALIGN_ADDONS_TASK = "align_addons_with_plan";
export const ENDS_WITH_PLAN = "tollgate_ends_with_plan";

/** Queued in the transaction that recorded the plan's change, once per org at a time. */
export async function queueAddOnAlignment(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$executeRaw`select graphile_worker.add_job(${ALIGN_ADDONS_TASK}::text, json_build_object('orgId', ${orgId}::text), job_key => ${`align-addons:${orgId}`}::text, max_attempts => 10)`;
}
