import type { OverageMode } from "@/lib/generated/prisma/client";

export type PlanOverage = { overageModes: OverageMode[]; overageRunPriceCents: number | null };

/**
 * The modes an org on this plan may choose, in the catalog's order. Pay as you go needs a price per run and Stripe to
 * bill it: a self-hosted installation (no Stripe) is offered the others.
 */
export function offeredModes(plan: PlanOverage, billing: { stripe: boolean } = { stripe: true }): OverageMode[] {
  return plan.overageModes.filter((mode) => mode !== "metered" || (billing.stripe && plan.overageRunPriceCents !== null));
}

/**
 * What a run beyond the allowance does: the org's choice while its plan offers it, else the plan's first mode. Metered
 * runs are billed by the subscription's metered item: without it (being added, removed on Stripe by hand) a run
 * beyond the allowance is refused rather than counted where nothing bills it or paid with credits no one chose.
 */
export function effectiveMode(
  chosen: OverageMode | null,
  plan: PlanOverage,
  billing: { stripe: boolean; meteredItem: boolean },
): OverageMode {
  const offered = offeredModes(plan, billing);
  const mode = chosen && offered.includes(chosen) ? chosen : (offered.find((m) => m !== "metered") ?? "stop");
  return mode === "metered" && !billing.meteredItem ? "stop" : mode;
}
