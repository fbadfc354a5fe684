import Link from "next/link";
import { ResolveForm } from "@/components/admin/resolve-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { auditListQuery, listAuditEntries } from "@/lib/audit/audit-queries";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const select = "rounded-lg border border-zinc-300 px-2 py-1.5 text-sm";

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const operator = await loadOperatorPage();
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== ""));
  const parsed = auditListQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : auditListQuery.parse({});
  const { entries, hasMore, nextBefore } = await listAuditEntries(operator, query);
  return (
    <Card>
      <form className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <label className="text-sm">
          <span className="block text-zinc-600">Organization</span>
          <input name="org" defaultValue={query.org ?? query.org_id ?? ""} placeholder="slug, name or id" className={select} />
        </label>
        <label className="text-sm">
          <span className="block text-zinc-600">Kind</span>
          <select name="kind" defaultValue={query.kind ?? ""} className={select}>
            <option value="">any</option>
            <option value="change">change</option>
            <option value="mismatch">mismatch</option>
            <option value="failure">failure</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-zinc-600">Action</span>
          <input name="action" defaultValue={query.action ?? ""} placeholder="e.g. subscription.created" className={select} />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="unresolved" value="true" defaultChecked={query.unresolved === "true"} /> Unresolved only
        </label>
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-1.5 text-sm font-semibold text-white">
          Filter
        </button>
      </form>
      <ul className="space-y-3" data-testid="audit-entries">
        {entries.map((e) => (
          <li key={e.id} className="rounded-lg border border-zinc-200 p-3" data-entry={e.id}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={e.kind === "change" ? "neutral" : e.resolvedAt ? "success" : "danger"}>
                {e.resolvedAt ? `${e.kind}, resolved` : e.kind}
              </Badge>
              <span className="font-medium">{e.action}</span>
              {e.org ? (
                <Link className="text-brand-700 hover:underline" href={`/admin/orgs/${e.orgId}`}>
                  {e.org.name}
                </Link>
              ) : null}
              <span className="text-zinc-500">by {e.actorName}</span>
              <time className="ml-auto text-xs text-zinc-500">{e.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
            </div>
            {e.note ? <p className="mt-1 text-sm text-zinc-600">{e.note}</p> : null}
            {e.changes.length ? (
              <p className="mt-1 text-sm text-zinc-700" data-testid="audit-changes">
                {e.changes.join(" · ")}
              </p>
            ) : null}
            {e.resolution ? <p className="mt-1 text-sm text-emerald-800">Resolved: {e.resolution}</p> : null}
            {e.kind !== "change" && !e.resolvedAt ? <ResolveForm entryId={e.id} /> : null}
          </li>
        ))}
      </ul>
      {entries.length === 0 ? <p className="text-sm text-zinc-600">No audit entries match.</p> : null}
      {hasMore && nextBefore ? (
        <Link
          className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          href={`/admin/audit?${new URLSearchParams({ ...raw, before: nextBefore })}`}
        >
          Older entries
        </Link>
      ) : null}
    </Card>
  );
}
