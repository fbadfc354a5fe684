import type { OverageMode } from "@/lib/generated/prisma/client";

export type OverageOutlook = {
  mode: OverageMode;
  /** Runs beyond the allowance this period, and what they add to the next invoice when metered (cents). */
  overageRuns: number;
  overageCents: number;
  /** The period's runs and overage at its end if runs go on at this period's pace so far (the cap stops the overage). */
  projectedRuns: number;
  projectedCents: number;
  capCents: number | null;
  runPriceCents: number | null;
};

/**
 * Where runs beyond the allowance stand this period and where they are heading: a straight line through the runs so far.
 * Only metered runs cost money here; with credits or a stop the amounts are 0.
 */
export function overageOutlook(
  choice: { mode: OverageMode; capCents: number | null; runPriceCents: number | null },
  runs: { used: number; allowed: number | null; periodStart: Date; periodEnd: Date },
  now = new Date(),
): OverageOutlook {
  const length = runs.periodEnd.getTime() - runs.periodStart.getTime();
  const elapsed = Math.min(Math.max(now.getTime() - runs.periodStart.getTime(), 0), length);
  // Within the period's first hour the pace says little: the projection is what has been used.
  const projectedRuns = elapsed < 3600_000 ? runs.used : Math.round((runs.used * length) / elapsed);
  const price = choice.mode === "metered" ? (choice.runPriceCents ?? 0) : 0;
  const beyond = (n: number) => (runs.allowed === null ? 0 : Math.max(0, n - runs.allowed));
  const capped = (cents: number) =>
    choice.capCents === null || price === 0 ? cents : Math.min(cents, Math.floor(choice.capCents / price) * price);
  return {
    mode: choice.mode,
    overageRuns: beyond(runs.used),
    overageCents: beyond(runs.used) * price,
    projectedRuns,
    projectedCents: capped(beyond(projectedRuns) * price),
    capCents: choice.capCents,
    runPriceCents: choice.runPriceCents,
  };
}
