import "server-only";
import { applyCreditChange } from "@/lib/credits/ledger";
import { db } from "@/lib/db";
import { getEntitlements, type Entitlements } from "@/lib/entitlements/entitlements";
import { assertNotRestricted, limitReached } from "@/lib/entitlements/limits";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { formatMoney } from "@/lib/money";
import { meterEventCtes, recordMeterEvent } from "./meter-event-outbox";
import { alertAfterRun } from "./usage-alerts";

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

/** What the run that takes the period's overage to `overageRuns` would add to the invoice, and whether the cap allows it. */
function withinCap(ent: Entitlements, overageRuns: number): boolean {
  const { capCents, runPriceCents } = ent.overage;
  return capCents === null || overageRuns * (runPriceCents ?? 0) <= capCents;
}

function spendCapReached(ent: Entitlements, used: number, allowed: number): AppError {
  const capCents = ent.overage.capCents!;
  return new AppError(
    "spend_cap_reached",
    `This period's runs beyond the ${allowed} included have reached the ${formatMoney(capCents, "usd")} spending cap an admin set. ` +
      "An admin can raise or remove the cap on the billing page, or upgrade.",
    {
      limit: "runsPerMonth",
      used,
      allowed,
      capCents,
      perRunCents: ent.overage.runPriceCents,
      plan: ent.planCode,
      upgrade: ent.upgradePath,
    },
  );
}

/**
 * Counts and inserts a run in one statement while the counter allows it: under the allowance, or in pay-as-you-go
 * mode within the spending cap, when the statement also writes the run's meter event (and wakes a sender). The
 * counter row is locked only for that statement. Returns the period's count with the run, or null when the statement
 * could not settle it: the period's first run, or one to refuse or pay for.
 */
async function insertCounted(run: NewRun, ent: Entitlements): Promise<number | null> {
  const allowed = ent.limits.runsPerMonth;
  const start = ent.period.start;
  if (ent.overage.mode !== "metered" || allowed === null) {
    const inserted = await db.$queryRaw<{ count: number }[]>`
      with counted as (
        update "UsageCounter" set "count" = "count" + 1
        where "orgId" = ${run.orgId} and "meter" = 'runs' and "periodStart" = ${start}
          and (${allowed}::int is null or "count" < ${allowed}::int)
        returning "count"
      ),
      inserted as (
        insert into "Run" ("id", "orgId", "projectId", "createdById")
        select ${run.id}, ${run.orgId}, ${run.projectId}, ${run.createdById} from counted
        returning "id"
      )
      select c."count" from counted c, inserted`;
    return inserted[0]?.count ?? null;
  }
  const { capCents, runPriceCents } = ent.overage;
  const [row] = await db.$queryRaw<{ count: number | null }[]>`
    with counted as (
      update "UsageCounter" set "count" = "count" + 1
      where "orgId" = ${run.orgId} and "meter" = 'runs' and "periodStart" = ${start}
        and ("count" < ${allowed}::int or ${capCents}::int is null or ("count" + 1 - ${allowed}::int) * ${runPriceCents ?? 0}::int <= ${capCents}::int)
      returning "count"
    ),
    inserted as (
      insert into "Run" ("id", "orgId", "projectId", "createdById")
      select ${run.id}, ${run.orgId}, ${run.projectId}, ${run.createdById} from counted
      returning "id", "createdAt"
    ),
    billable as (select i."id", i."createdAt" from inserted i, counted c where c."count" > ${allowed}::int),
    ${meterEventCtes(run.orgId, start, Prisma.sql`billable`)}
    select (select "count" from counted) as "count", (select count(*) from metered_job)::int as "queued"`;
  return row?.count ?? null;
}

/**
 * Records a run. Within the period's allowance (and, pay as you go, within the spending cap) it is one statement
 * (insertCounted). The first run of a period and the runs it refuses are settled in a transaction that holds the
 * period's counter: beyond the allowance a run pays RUN_CREDIT_COST prepaid credits, is metered to Stripe within the
 * cap (402 spend_cap_reached past it), or is refused (402 limit_reached naming the plan's limit and, with credits, the
 * balance), as the org's overage mode says.
 */
export async function insertMeteredRun(run: NewRun): Promise<void> {
  const ent = await getEntitlements(run.orgId);
  assertNotRestricted(ent);
  const count = (await insertCounted(run, ent)) ?? (await db.$transaction((tx) => settleRun(tx, run, ent)));
  await alertAfterRun(ent, count);
}

/** A run the one statement could not settle, in a transaction holding the period's counter; returns the count with it. */
async function settleRun(tx: Prisma.TransactionClient, run: NewRun, ent: Entitlements): Promise<number> {
  const { used, allowed } = await countRun(tx, ent);
  if (allowed === null || used <= allowed) {
    await tx.run.create({ data: run });
    return used;
  }
  const mode = ent.overage.mode;
  if (mode === "stop")
    throw limitReached(ent, "runsPerMonth", used - 1, allowed, {
      message:
        "Runs beyond the allowance are turned off for this organization: an admin can choose how to pay for them on the billing page, or upgrade.",
      details: { overage: "stop" },
    });
  if (mode === "metered") {
    if (!withinCap(ent, used - allowed)) throw spendCapReached(ent, used - 1, allowed);
    const created = await tx.run.create({ data: run, select: { id: true, createdAt: true } });
    await recordMeterEvent(tx, { ...created, orgId: run.orgId }, ent.period.start);
    return used;
  }
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
  await tx.run.create({ data: run });
  return used;
}

/** Runs counted in the org's current period (0 before the first). */
export async function runsThisPeriod(tx: Prisma.TransactionClient, ent: Entitlements): Promise<number> {
  const row = await tx.usageCounter.findUnique({
    where: { orgId_meter_periodStart: { orgId: ent.orgId, meter: "runs", periodStart: ent.period.start } },
  });
  if (row) return row.count;
  return tx.run.count({ where: { orgId: ent.orgId, createdAt: { gte: ent.period.start, lt: ent.period.end } } });
}
