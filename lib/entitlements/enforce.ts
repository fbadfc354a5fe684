import "server-only";
import { applyCreditChange } from "@/lib/credits/ledger";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getEntitlements, type Entitlements } from "./entitlements";
import { seatsInUse } from "./seats";

export type Meter = "projects" | "seats" | "runsPerMonth";

const NOUN: Record<Meter, string> = { projects: "projects", seats: "seats", runsPerMonth: "runs this period" };

export function limitReached(
  ent: Entitlements,
  limit: Meter,
  used: number,
  allowed: number,
  extra?: { message: string; details: Record<string, unknown> },
): AppError {
  const more = ent.source === "license" ? "Ask your platform operator for a license with more." : "Upgrade to add more.";
  const message = `${ent.planName} allows ${allowed} ${NOUN[limit]} and ${used} are in use. ${extra?.message ?? more}`;
  return new AppError("limit_reached", message, {
    limit,
    used,
    allowed,
    plan: ent.planCode,
    upgrade: ent.upgradePath,
    ...(ent.source === "license" ? { upgradeLabel: "See the license" } : {}),
    ...extra?.details,
  });
}

/** What one run costs in prepaid credits once the plan's runs for the period are used. */
export const RUN_CREDIT_COST = 10;

/** Past the grace period of a failed payment the org is read-only until it pays. */
function assertNotRestricted(ent: Entitlements): void {
  if (ent.access !== "restricted") return;
  throw new AppError(
    "account_restricted",
    "Payment is overdue and the grace period has ended: the organization is read-only until the invoice is paid.",
    {
      graceEndedAt: ent.graceEndsAt?.toISOString() ?? null,
      upgrade: ent.upgradePath,
    },
  );
}

/** Call inside the transaction that creates the project, after locking the org. */
export async function assertMayCreateProject(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  const ent = await getEntitlements(orgId);
  assertNotRestricted(ent);
  const allowed = ent.limits.projects;
  if (allowed === null) return;
  const used = await tx.project.count({ where: { orgId } });
  if (used >= allowed) throw limitReached(ent, "projects", used, allowed);
}

/**
 * Projects beyond the plan's limit (an org that fell back to fewer, say when its trial or license ended) are kept and
 * stay readable, but are read-only: the oldest ones up to the limit stay in use. Deleting one is how an org gets back
 * within its limit.
 */
export async function assertProjectWritable(orgId: string, projectId: string): Promise<void> {
  const ent = await getEntitlements(orgId);
  const allowed = ent.limits.projects;
  if (allowed === null) return;
  const [row] = await db.$queryRaw<{ position: number; total: number }[]>`
    select "position", "total" from (
      select "id", row_number() over (order by "createdAt", "id")::int as "position", count(*) over ()::int as "total"
      from "Project" where "orgId" = ${orgId}
    ) p where "id" = ${projectId}`;
  if (!row || row.position <= allowed) return;
  throw limitReached(ent, "projects", row.total, allowed, {
    message: "This project is beyond them, so it is read-only (nothing in it is lost): delete a project or upgrade to work in it.",
    details: { readOnly: true },
  });
}

/** Members plus pending invitations are seats; re-inviting an address reuses its seat. */
export async function assertMayAddSeat(tx: Prisma.TransactionClient, orgId: string, email: string): Promise<void> {
  const ent = await getEntitlements(orgId);
  assertNotRestricted(ent);
  const allowed = ent.limits.seats;
  if (allowed === null) return;
  const used = await seatsInUse(orgId, { exceptInvitedEmail: email, tx });
  if (used >= allowed) throw limitReached(ent, "seats", used, allowed);
}

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
 * limit and the credit balance.
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
