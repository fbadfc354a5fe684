// `npm run cli -- billing reconcile [--org-id ID|slug] [--since 2026-11-01T00:00:00]`: one reconcile run here and
// now, with a progress bar, then its summary; exits 1 while unresolved mismatches remain.
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { createReconcileRun, reconcileInput, reconcileRunView, unresolvedMismatches } from "../../lib/reconcile/reconcile-runs";
import { runReconcile } from "../../lib/reconcile/run-reconcile";
import type { Finding, ReconcileCounts } from "../../lib/reconcile/findings";

export async function billingReconcile(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { "org-id": { type: "string" }, since: { type: "string" } }, strict: true });
  const input = reconcileInput.parse({ orgId: values["org-id"], since: values.since });
  const run = await createReconcileRun(input, "cli");
  const started = performance.now();
  const bar = new SingleBar(
    { format: "Reconciling {bar} {value}/{total} steps | {phase}", hideCursor: true, stream: process.stdout },
    Presets.shades_classic,
  );
  let barStarted = false;
  await runReconcile(run.id, {
    progress: ({ done, total, phase }) => {
      if (!barStarted) bar.start(total, 0, { phase });
      barStarted = true;
      bar.setTotal(total);
      bar.update(done, { phase });
    },
  });
  if (barStarted) bar.stop();
  const view = await reconcileRunView(run.id);
  const counts = view.counts as ReconcileCounts;
  const rows: [string, string][] = [
    ["orgs with a customer", String(counts.orgsChecked)],
    ["objects compared", String(counts.objectsCompared)],
    ["repaired", String(counts.repaired)],
    ["mismatches", String(counts.mismatches)],
    ["missed events", String(counts.eventsReplayed)],
    ["Stripe calls", String(counts.stripeCalls)],
    ["duration", `${((performance.now() - started) / 1000).toFixed(1)} s`],
  ];
  console.log(`\nReconcile run ${view.id}: ${view.orgId ? `org ${view.orgId}` : "all orgs"}, since ${view.since ?? "30 days ago"}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(20)} ${value.padStart(8)}`);
  for (const f of view.findings as Finding[]) {
    console.log(`  ${f.kind.padEnd(9)} ${f.action.padEnd(40)} ${f.orgId ?? "(no org)"}  ${JSON.stringify(f.detail).slice(0, 120)}`);
  }
  const open = await unresolvedMismatches(view.orgId);
  console.log(open === 0 ? "No unresolved mismatches." : `${open} unresolved mismatch${open === 1 ? "" : "es"}: see the audit log.`);
  return open === 0 ? 0 : 1;
}
