import "server-only";
import { applyCreditChange } from "@/lib/credits/ledger";
import { db } from "@/lib/db";
import { getEntitlements, type Entitlements } from "@/lib/entitlements/entitlements";
import { assertNotRestricted, limitReached } from "@/lib/entitlements/limits";
import type { Prisma } from "@/lib/generated/prisma/client";
import { overageModeOf } from "./overage-mode";

/** What one run costs in prepaid credits once the plan's runs for the period are used. */
export const RUN_CREDIT_COST = 10;

/**
 * Counts one run in the period's counter in the caller's transaction. The counter row
 * stays locked until that transaction ends, so concurrent runs are decided one by one.
 * A period's counter starts from the runs already recorded in it.
 */
async function countRun(tx: Prisma.TransactionClient, ent: Entitlements): Promise<{ used: number; allowed: number | null }> {
  const { orgId } = ent;
  const { start, end } = ent.period;
  let [row] = await tx.$queryRaw<{ count: number }[]>`
    update "UsageCounter" set "count" = "count" + 1
    where "orgId" = ${orgId} and "meter" = 'runs' and "periodStart" = ${start}
    returning "count"`;
  row ??= (
    await tx.$queryRaw<{ count: number }[]>`
    insert into "UsageCounter" ("orgId", "meter", "periodStart", "count")
    values (${orgId}, 'runs', ${start}, (select count(*)::int + 1 from "Run" where "orgId" = ${orgId} and "createdAt" >= ${start} and "createdAt" < ${end}))
    on conflict ("orgId", "meter", "periodStart") do update set "count" = "UsageCounter"."count" + 1
    returning "count"`
  )[0];
  return { used: row!.count, allowed: ent.limits.runsPerMonth };
}

export type NewRun = { id: string; orgId: string; projectId: string; createdById: string | null };

/**
 * Records a run within the period's allowance. The usual case is one statement that
 * bumps the period counter (while under the limit) and inserts the run, so the counter
 * row is locked only for that statement. The first run of a period and runs beyond the
 * allowance are settled in a transaction: beyond it, each run pays RUN_CREDIT_COST
 * prepaid credits in the same transaction, or is refused with 402 naming the plan's
 * limit and the credit balance; an org whose admin stopped overage is refused at once.
 */
export async function insertMeteredRun(run: NewRun): Promise<void> {
  const ent = await getEntitlements(run.orgId);
  assertNotRestricted(ent);
  const allowed = ent.limits.runsPerMonth;
  const inserted = await db.$queryRaw<{ id: string }[]>`
    with counted as (
      update "UsageCounter" set "count" = "count" + 1
      where "orgId" = ${run.orgId} and "meter" = 'runs' and "periodStart" = ${ent.period.start}
        and (${allowed}::int is null or "count" < ${allowed}::int)
      returning "count"
    )
    insert into "Run" ("id", "orgId", "projectId", "createdById")
    select ${run.id}, ${run.orgId}, ${run.projectId}, ${run.createdById} from counted
    returning "id"`;
  if (inserted.length) return;
  await db.$transaction(async (tx) => {
    const { used, allowed } = await countRun(tx, ent);
    if (allowed !== null && used > allowed) {
      if ((await overageModeOf(tx, run.orgId)) === "stop")
        throw limitReached(ent, "runsPerMonth", used - 1, allowed, {
          message:
            "Runs beyond the allowance are turned off for this organization: an admin can let credits pay for them on the billing page, or upgrade.",
          details: { overage: "stop" },
        });
      const paid = await applyCreditChange(tx, {
        orgId: run.orgId,
        delta: -RUN_CREDIT_COST,
        reason: "usage",
        sourceId: run.id,
        note: "run beyond the plan's allowance",
      });
      if (!paid.applied) {
        throw limitReached(ent, "runsPerMonth", used - 1, allowed, {
          message: `Each further run costs ${RUN_CREDIT_COST} credits and the balance is ${paid.balance}: buy credits or upgrade.`,
          details: { credits: { balance: paid.balance, perRun: RUN_CREDIT_COST } },
        });
      }
    }
    await tx.run.create({ data: run });
  });
}

/** Runs counted in the org's current period (0 before the first). */
export async function runsThisPeriod(tx: Prisma.TransactionClient, ent: Entitlements): Promise<number> {
  const row = await tx.usageCounter.findUnique({
    where: { orgId_meter_periodStart: { orgId: ent.orgId, meter: "runs", periodStart: ent.period.start } },
  });
  if (row) return row.count;
  return tx.run.count({ where: { orgId: ent.orgId, createdAt: { gte: ent.period.start, lt: ent.period.end } } });
}
