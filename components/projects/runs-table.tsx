import Link from "next/link";
import { Badge } from "@/components/ui/badge";

type RunRow = {
  id: string;
  status: string;
  createdAt: Date;
  project: { id: string; name: string };
  createdBy: { email: string; name: string | null } | null;
};

const formatter = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function RunsTable({ slug, runs, showProject }: { slug: string; runs: RunRow[]; showProject: boolean }) {
  if (runs.length === 0) return <p className="text-sm text-zinc-600">No runs yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="runs-table">
      <thead className="border-b border-zinc-200 text-zinc-500">
        <tr>
          <th className="py-2 font-medium">Run</th>
          {showProject ? <th className="py-2 font-medium">Project</th> : null}
          <th className="py-2 font-medium">Status</th>
          <th className="py-2 font-medium">Started by</th>
          <th className="py-2 font-medium">When (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} className="border-b border-zinc-100">
            <td className="py-2 font-mono text-xs">{run.id.slice(-8)}</td>
            {showProject ? (
              <td className="py-2">
                <Link className="text-brand-700 hover:underline" href={`/${slug}/projects/${run.project.id}`}>
                  {run.project.name}
                </Link>
              </td>
            ) : null}
            <td className="py-2">
              <Badge tone="success">{run.status}</Badge>
            </td>
            <td className="py-2">{run.createdBy?.name ?? run.createdBy?.email ?? "—"}</td>
            <td className="py-2">{formatter.format(run.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
