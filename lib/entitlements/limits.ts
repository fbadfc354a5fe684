import "server-only";
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

/** Past the grace period of a failed payment the org is read-only until it pays. */
export function assertNotRestricted(ent: Entitlements): void {
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

/**
 * Call inside the transaction that creates the project, after locking the org, with the org's entitlements read
 * before the transaction began (see assertMayAddSeat).
 */
export async function assertMayCreateProject(tx: Prisma.TransactionClient, ent: Entitlements, orgId: string): Promise<void> {
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

/**
 * Members plus pending invitations are seats; re-inviting an address reuses its seat. The count is taken in the
 * caller's transaction, under the org's lock; the entitlements are read before that transaction began. Reading them
 * inside it took a second pooled connection while holding the lock: fifty invitations at once held every connection
 * waiting for the lock, and the holder waited for a connection.
 */
export async function assertMayAddSeat(tx: Prisma.TransactionClient, ent: Entitlements, orgId: string, email: string): Promise<void> {
  assertNotRestricted(ent);
  const allowed = ent.limits.seats;
  if (allowed === null) return;
  const used = await seatsInUse(orgId, { exceptInvitedEmail: email, tx });
  if (used >= allowed) throw limitReached(ent, "seats", used, allowed);
}
