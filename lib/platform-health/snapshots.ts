import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { db } from "@/lib/db";
import type { CapacitySnapshot, Prisma } from "@/lib/generated/prisma/client";
import { measurePlatform, type Measurement, type Resource, type TheoreticalLimit } from "./measure";
import type { SnapshotPoint } from "./trends";

/** The UTC day `at` falls on, as the date a snapshot is keyed by. */
export const utcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

function rowFrom(m: Measurement) {
  return {
    ...m,
    subscriptionsByPlan: m.subscriptionsByPlan as Prisma.InputJsonObject,
    theoreticalLimits: m.theoreticalLimits as unknown as Prisma.InputJsonObject,
    databaseBytes: BigInt(m.databaseBytes),
  };
}

/**
 * Today's snapshot (UTC). Capturing again the same day measures again and replaces that day's figures: one row a day,
 * however often the job or an operator runs it. `created` says whether the day had none yet.
 */
export async function captureSnapshot(now = new Date()): Promise<{ snapshot: SnapshotView; created: boolean }> {
  const day = utcDay(now);
  const data = rowFrom(await measurePlatform(now));
  const existed = await db.capacitySnapshot.findUnique({ where: { day }, select: { day: true } });
  const row = await db.capacitySnapshot.upsert({
    where: { day },
    create: { day, ...data, capturedAt: now },
    update: { ...data, capturedAt: now },
  });
  return { snapshot: viewOf(row), created: !existed };
}

export type SnapshotView = Omit<Measurement, "theoreticalLimits"> & {
  day: string;
  capturedAt: string;
  subscriptions: number;
  theoreticalLimits: Record<Resource, TheoreticalLimit>;
};

function viewOf(row: CapacitySnapshot): SnapshotView {
  const byPlan = row.subscriptionsByPlan as Record<string, number>;
  return {
    day: row.day.toISOString().slice(0, 10),
    capturedAt: row.capturedAt.toISOString(),
    orgsTotal: row.orgsTotal,
    orgsActive: row.orgsActive,
    orgsTrialing: row.orgsTrialing,
    orgsPastDue: row.orgsPastDue,
    subscriptionsByPlan: byPlan,
    subscriptions: Object.values(byPlan).reduce((a, b) => a + b, 0),
    projects: row.projects,
    runsThisPeriod: row.runsThisPeriod,
    seats: row.seats,
    theoreticalLimits: row.theoreticalLimits as unknown as Record<Resource, TheoreticalLimit>,
    creditsOutstanding: row.creditsOutstanding,
    mrrCents: row.mrrCents,
    meteredCents: row.meteredCents,
    databaseBytes: Number(row.databaseBytes),
  };
}

/** The snapshots of the last `days` days up to today (UTC), oldest first. */
export async function recentSnapshots(days: number, now = new Date()): Promise<SnapshotView[]> {
  const since = subDays(utcDay(now), days, { in: utc });
  const rows = await db.capacitySnapshot.findMany({ where: { day: { gte: since, lte: utcDay(now) } }, orderBy: { day: "asc" } });
  return rows.map(viewOf);
}

export const pointOf = (s: SnapshotView): SnapshotPoint => ({ ...s, day: new Date(`${s.day}T00:00:00Z`) });
