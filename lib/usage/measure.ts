import "server-only";
import { db } from "@/lib/db";
import { runsThisPeriod } from "@/lib/usage/metered-runs";
import { getEntitlements, type Entitlements } from "@/lib/entitlements/entitlements";
import type { Limits } from "@/lib/plans/catalog-definition";
import { seatsInUse } from "@/lib/entitlements/seats";

export type Usage = { projects: number; seats: number; runs: number };

/** Projects, seats (members plus pending invitations) and runs in the current period. */
export async function measureUsage(orgId: string, ent?: Entitlements): Promise<Usage> {
  const entitlements = ent ?? (await getEntitlements(orgId));
  const [projects, seats, runs] = await Promise.all([
    db.project.count({ where: { orgId } }),
    seatsInUse(orgId),
    runsThisPeriod(db, entitlements),
  ]);
  return { projects, seats, runs };
}

export type OverLimit = { limit: "projects" | "seats"; used: number; allowed: number };

/** The limits of a plan (plus purchased extra seats) that current usage exceeds. Runs reset each period, so they never block a change. */
export function overLimits(usage: Usage, limits: Limits, extraSeats: number): OverLimit[] {
  const over: OverLimit[] = [];
  if (limits.projects !== null && usage.projects > limits.projects)
    over.push({ limit: "projects", used: usage.projects, allowed: limits.projects });
  const seats = limits.seats === null ? null : limits.seats + extraSeats;
  if (seats !== null && usage.seats > seats) over.push({ limit: "seats", used: usage.seats, allowed: seats });
  return over;
}
