import Link from "next/link";
import { ActionButton } from "@/components/admin/action-button";
import { RefreshWhile } from "@/components/billing/refresh-while";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { recentReconcileRuns } from "@/lib/reconcile/reconcile-runs";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const TONE = { queued: "neutral", running: "warning", succeeded: "success", failed: "danger" } as const;
type Finding = { orgId: string | null; kind: string; action: string; detail: unknown };

export default async function AdminReconcilePage() {
  const runs = await recentReconcileRuns(await loadOperatorPage());
  const busy = runs.some((r) => r.status === "queued" || r.status === "running");
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader
          title="Reconcile with Stripe"
          description="Replays the events Stripe could not deliver and Tollgate never received (missed events: none on a healthy stack), compares every org that has a Stripe customer (an org on Free without one has nothing to compare), repairs what is safe and reports the rest as mismatches."
          action={<ActionButton url="/api/v1/billing/reconcile" body={{}} label="Start a full run" variant="primary" />}
        />
        <RefreshWhile waiting={busy} limit={150} stillWaiting="The run is still going; it will show here when it ends." />
      </Card>
      {runs.map((run) => {
        const counts = run.counts as Record<string, number>;
        const findings = run.findings as Finding[];
        return (
          <Card key={run.id} data-run={run.id}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={TONE[run.status]}>{run.status}</Badge>
              <span className="font-mono text-xs">{run.id}</span>
              <span className="text-zinc-600">
                {run.trigger}
                {run.orgId ? `, one org` : ", all orgs"}
              </span>
              <time className="ml-auto text-xs text-zinc-500">{run.createdAt.replace("T", " ").slice(0, 19)} UTC</time>
            </div>
            {run.progress && run.status === "running" ? (
              <div className="mt-2" data-testid="reconcile-progress">
                <progress
                  className="w-full"
                  value={run.progress.done}
                  max={Math.max(run.progress.total, 1)}
                  aria-label="Reconcile progress"
                />
                <p className="text-xs text-zinc-600">
                  {run.progress.phase}: {run.progress.done} of {run.progress.total} steps
                </p>
              </div>
            ) : null}
            <p className="mt-2 text-sm text-zinc-700" data-testid="reconcile-counts">
              {counts.orgsChecked ?? 0} orgs with a Stripe customer checked · {counts.objectsCompared ?? 0} objects compared ·{" "}
              {counts.repaired ?? 0} repaired · {counts.mismatches ?? 0} mismatches · {counts.eventsReplayed ?? 0} missed events replayed ·{" "}
              {counts.stripeCalls ?? 0} Stripe calls
            </p>
            {run.error ? <p className="mt-1 text-sm text-red-700">{run.error}</p> : null}
            {findings.length ? (
              <ul className="mt-2 space-y-1 text-sm">
                {findings.map((f, i) => (
                  <li key={i}>
                    <Badge tone={f.kind === "mismatch" ? "danger" : "success"}>{f.kind}</Badge> {f.action}
                    {f.orgId ? (
                      <>
                        {" "}
                        <Link className="text-brand-700 hover:underline" href={`/admin/orgs/${f.orgId}`}>
                          org
                        </Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
        );
      })}
    </div>
  );
}
