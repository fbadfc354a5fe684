import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getEntitlements, type Entitlements } from "./entitlements";

export type Meter = "projects" | "seats" | "runsPerMonth";

const NOUN: Record<Meter, string> = { projects: "projects", seats: "seats", runsPerMonth: "runs this period" };

export function limitReached(ent: Entitlements, limit: Meter, used: number, allowed: number): AppError {
  return new AppError("limit_reached", `${ent.planName} allows ${allowed} ${NOUN[limit]} and ${used} are in use. Upgrade to add more.`, {
    limit, used, allowed, plan: ent.planCode, upgrade: ent.upgradePath,
  });
}

/** Past the grace period of a failed payment the org is read-only until it pays. */
function assertNotRestricted(ent: Entitlements): void {
  if (ent.access !== "restricted") return;
  throw new AppError("account_restricted", "Payment is overdue and the grace period has ended: the organization is read-only until the invoice is paid.", {
    graceEndedAt: ent.graceEndsAt?.toISOString() ?? null, upgrade: ent.upgradePath,
  });
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

/** Members plus pending invitations are seats; re-inviting an address reuses its seat. */
export async function assertMayAddSeat(tx: Prisma.TransactionClient, orgId: string, email: string): Promise<void> {
  const ent = await getEntitlements(orgId);
  assertNotRestricted(ent);
  const allowed = ent.limits.seats;
  if (allowed === null) return;
  const [members, pending] = await Promise.all([
    tx.membership.count({ where: { orgId } }),
    tx.invitation.count({ where: { orgId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() }, email: { not: email } } }),
  ]);
  if (members + pending >= allowed) throw limitReached(ent, "seats", members + pending, allowed);
}

/**
 * Counts one run against the period's allowance in the caller's transaction. The counter
 * row stays locked until that transaction ends, so concurrent runs can't overshoot.
 * A period's counter starts from the runs already recorded in it.
 */
async function countRun(tx: Prisma.TransactionClient, ent: Entitlements): Promise<{ used: number; allowed: number | null }> {
  const { orgId } = ent;
  const { start, end } = ent.period;
  let [row] = await tx.$queryRaw<{ count: number }[]>`
    update "UsageCounter" set "count" = "count" + 1
    where "orgId" = ${orgId} and "meter" = 'runs' and "periodStart" = ${start}
    returning "count"`;
  row ??= (await tx.$queryRaw<{ count: number }[]>`
    insert into "UsageCounter" ("orgId", "meter", "periodStart", "count")
    values (${orgId}, 'runs', ${start}, (select count(*)::int + 1 from "Run" where "orgId" = ${orgId} and "createdAt" >= ${start} and "createdAt" < ${end}))
    on conflict ("orgId", "meter", "periodStart") do update set "count" = "UsageCounter"."count" + 1
    returning "count"`)[0];
  const used = row!.count;
  const allowed = ent.limits.runsPerMonth;
  if (allowed !== null && used > allowed) throw limitReached(ent, "runsPerMonth", used - 1, allowed);
  return { used, allowed };
}

export type NewRun = { id: string; orgId: string; projectId: string; createdById: string | null };

/**
 * Records a run within the period's allowance. The usual case is one statement that
 * bumps the period counter (while under the limit) and inserts the run, so the counter
 * row is locked only for that statement; the first run of a period, and a refusal,
 * are settled in a transaction that also says how much was used.
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
    await countRun(tx, ent);
    await tx.run.create({ data: run });
  });
}

/** Runs counted in the org's current period (0 before the first). */
export async function runsThisPeriod(tx: Prisma.TransactionClient, ent: Entitlements): Promise<number> {
  const row = await tx.usageCounter.findUnique({ where: { orgId_meter_periodStart: { orgId: ent.orgId, meter: "runs", periodStart: ent.period.start } } });
  if (row) return row.count;
  return tx.run.count({ where: { orgId: ent.orgId, createdAt: { gte: ent.period.start, lt: ent.period.end } } });
}
