// Every figure with a target is recorded here; run.ts prints them as one table and fails the run on a miss.
export type TargetResult = { benchmark: string; figure: string; target: string; met: boolean };

const results: TargetResult[] = [];

/** Records a target's outcome and returns the word the benchmark prints beside its figure. */
export function checkTarget(result: TargetResult): "met" | "MISSED" {
  results.push(result);
  return result.met ? "met" : "MISSED";
}

/** The summary table; returns whether every target was met. */
export function printTargetTable(): boolean {
  const rows = results.map((r) => [r.met ? "met" : "MISSED", r.benchmark, r.figure, r.target]);
  const header = ["", "benchmark", "measured", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log("\nTargets");
  console.log(`  ${line(header)}`);
  for (const row of rows) console.log(`  ${line(row)}`);
  const missed = results.filter((r) => !r.met).length;
  console.log(missed === 0 ? `  all ${results.length} targets met` : `  ${missed} of ${results.length} targets MISSED`);
  return missed === 0;
}
