import "server-only";
import { db } from "@/lib/db";
import type { OverageMode, Prisma } from "@/lib/generated/prisma/client";
import { isSelfHosted } from "@/lib/license/installation";
import { effectiveMode, offeredModes } from "@/lib/plans/overage-modes";
import { overageOutlook } from "./overage-outlook";

export type OverageChoice = {
  /** What runs beyond the allowance do now. */
  mode: OverageMode;
  /** What the admin chose (null: the plan's default), and what the plan offers. */
  chosen: OverageMode | null;
  offered: OverageMode[];
  capCents: number | null;
  runPriceCents: number | null;
};

/** The org's overage choice as the billing page shows it, read in `client` (a caller's transaction, or the pool). */
export async function overageChoice(orgId: string, client: Prisma.TransactionClient = db): Promise<OverageChoice> {
  const org = await client.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { overageMode: true, overageCapCents: true, planCode: true },
  });
  const [plan, sub] = await Promise.all([
    client.plan.findUnique({ where: { code: org.planCode }, select: { overageModes: true, overageRunPriceCents: true } }),
    client.subscription.findFirst({
      where: { orgId, stripeMeteredItemId: { not: null }, status: { notIn: ["canceled", "incomplete_expired"] } },
      select: { id: true },
    }),
  ]);
  const catalog = plan ?? { overageModes: [], overageRunPriceCents: null };
  const billing = { stripe: !isSelfHosted(), meteredItem: Boolean(sub) };
  return {
    mode: effectiveMode(org.overageMode, catalog, billing),
    chosen: org.overageMode,
    offered: offeredModes(catalog, billing),
    capCents: org.overageCapCents,
    runPriceCents: catalog.overageRunPriceCents,
  };
}

/** The org's choice and where this period's runs beyond the allowance stand (the billing page and `GET …/billing/overage`). */
export async function overageView(
  orgId: string,
  runs: { used: number; allowed: number | null; periodStart: string | null; periodEnd: string | null },
) {
  const choice = await overageChoice(orgId);
  const period = { periodStart: new Date(runs.periodStart ?? Date.now()), periodEnd: new Date(runs.periodEnd ?? Date.now()) };
  return { ...choice, outlook: overageOutlook(choice, { used: runs.used, allowed: runs.allowed, ...period }) };
}

export type OverageView = Awaited<ReturnType<typeof overageView>>;
