import type { Prisma } from "@/lib/generated/prisma/client";

/** One thing a reconcile found: a repair it made from Stripe's state, or a disagreement it left for an operator. */
export type Finding = {
  orgId: string | null;
  kind: "repaired" | "mismatch";
  action: string;
  detail: Prisma.InputJsonValue;
};

export type ReconcileCounts = {
  orgsChecked: number;
  objectsCompared: number;
  repaired: number;
  mismatches: number;
  eventsReplayed: number;
  stripeCalls: number;
};

export const emptyCounts = (): ReconcileCounts => ({
  orgsChecked: 0,
  objectsCompared: 0,
  repaired: 0,
  mismatches: 0,
  eventsReplayed: 0,
  stripeCalls: 0,
});

/** What a run keeps of its findings in its own row; all of them are in the audit log. */
export const FINDINGS_KEPT = 1000;
