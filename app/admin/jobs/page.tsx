import { TableHead } from "@/components/admin/table-head";
import { ActionButton } from "@/components/admin/action-button";
import { RefreshWhile } from "@/components/billing/refresh-while";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { listJobs } from "@/lib/jobs/job-runs";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const TONE = { queued: "neutral", running: "warning", succeeded: "success", failed: "danger" } as const;

const summaryText = (summary: unknown) =>
  summary && typeof summary === "object"
    ? Object.entries(summary as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(", ")
    : "";

export default async function AdminJobsPage() {
  const jobs = await listJobs(await loadOperatorPage());
  const busy = jobs.some((j) => j.runs.some((r) => r.outcome === "queued" || r.outcome === "running"));
  return (
    <div className="space-y-4">
      <RefreshWhile waiting={busy} stillWaiting="A run is still going; it will show here when it ends." />
      {jobs.map((job) => (
        <Card key={job.name} data-job={job.name}>
          <CardHeader
            title={job.name}
            description={
              <>
                {job.description} <span className="font-mono text-xs">{job.schedule}</span> (UTC)
              </>
            }
            action={<ActionButton url={`/api/v1/admin/jobs/${job.name}/runs`} label="Run now" />}
          />
          {job.runs.length === 0 ? (
            <p className="text-sm text-zinc-600">No runs yet.</p>
          ) : (
            <table className="w-full text-sm">
              <TableHead columns={["Started", "Trigger", "Outcome", "Summary"]} />
              <tbody>
                {job.runs.map((r) => (
                  <tr key={r.id} className="border-t border-zinc-100 align-top" data-run={r.id}>
                    <td className="py-1 whitespace-nowrap">{(r.startedAt ?? r.createdAt).replace("T", " ").slice(0, 19)} UTC</td>
                    <td className="py-1">{r.trigger}</td>
                    <td className="py-1">
                      <Badge tone={TONE[r.outcome as keyof typeof TONE] ?? "neutral"}>{r.outcome}</Badge>
                      {r.durationMs !== null ? <span className="ml-1 text-xs text-zinc-500">{r.durationMs} ms</span> : null}
                    </td>
                    <td className="py-1 text-zinc-600">{r.error ?? summaryText(r.summary)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      ))}
    </div>
  );
}
