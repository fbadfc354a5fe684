import "server-only";
import { z } from "zod";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OverageMode, Prisma } from "@/lib/generated/prisma/client";
import type { OrgRef } from "@/lib/orgs/org-access";

/**
 * The overage modes Tollgate runs today. Metered overage is in the catalog, but an org can choose it only once runs
 * beyond the allowance are sent to Stripe's meter; until then a plan offers the others.
 */
const RUNNING: readonly OverageMode[] = ["credits", "stop"];

export const overageModeInput = z.object({ mode: z.enum(["credits", "metered", "stop"]) }).strict();

/** The modes an org on this plan may choose, in the catalog's order. */
export function offeredModes(plan: { overageModes: OverageMode[] }): OverageMode[] {
  return plan.overageModes.filter((mode) => RUNNING.includes(mode));
}

/** What a run beyond the allowance does: the org's choice while its plan offers it, else the plan's first mode. */
export function effectiveMode(chosen: OverageMode | null, plan: { overageModes: OverageMode[] }): OverageMode {
  const offered = offeredModes(plan);
  return chosen && offered.includes(chosen) ? chosen : (offered[0] ?? "stop");
}

/** The org's overage mode now, read in the caller's transaction (the run being settled holds the period's counter). */
export async function overageModeOf(tx: Prisma.TransactionClient, orgId: string): Promise<OverageMode> {
  return (await overageChoice(orgId, tx)).mode;
}

/** An admin's choice of what runs beyond the allowance do, among what the org's plan offers; on the audit log. */
export async function setOverageMode(org: OrgRef, userId: string, input: z.infer<typeof overageModeInput>) {
  return db.$transaction(async (tx) => {
    const current = await tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { overageMode: true, planCode: true } });
    const plan = await tx.plan.findUniqueOrThrow({ where: { code: current.planCode }, select: { name: true, overageModes: true } });
    const offered = offeredModes(plan);
    if (!offered.includes(input.mode))
      throw new AppError("overage_mode_not_offered", `${plan.name} doesn't offer that for runs beyond its allowance.`, { offered });
    const before = effectiveMode(current.overageMode, plan);
    if (current.overageMode !== input.mode) await tx.organization.update({ where: { id: org.id }, data: { overageMode: input.mode } });
    if (before !== input.mode)
      await writeAudit(tx, {
        orgId: org.id,
        action: "billing.overage_mode_changed",
        cause: causedByUser(userId),
        before: { mode: before },
        after: { mode: input.mode },
      });
    return { mode: input.mode, offered };
  });
}

/** The org's overage mode and the modes its plan offers (what the billing page shows and offers). */
export async function overageChoice(
  orgId: string,
  client: Prisma.TransactionClient = db,
): Promise<{ mode: OverageMode; offered: OverageMode[] }> {
  const org = await client.organization.findUniqueOrThrow({ where: { id: orgId }, select: { overageMode: true, planCode: true } });
  const plan = (await client.plan.findUnique({ where: { code: org.planCode }, select: { overageModes: true } })) ?? {
    overageModes: [],
  };
  return { mode: effectiveMode(org.overageMode, plan), offered: offeredModes(plan) };
}
