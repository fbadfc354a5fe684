import { TableHead } from "@/components/admin/table-head";
import Link from "next/link";
import { money } from "@/components/billing/format";
import { Card } from "@/components/ui/card";
import { orgDirectoryQuery, searchOrgs } from "@/lib/admin/org-directory";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const usage = (used: number, allowed: number | null) =>
  `${used.toLocaleString("en-US")} / ${allowed === null ? "∞" : allowed.toLocaleString("en-US")}`;

export default async function AdminOrgsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const operator = await loadOperatorPage();
  const parsed = orgDirectoryQuery.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : orgDirectoryQuery.parse({});
  const { orgs, total } = await searchOrgs(operator, query);
  const next = query.offset + query.limit < total ? query.offset + query.limit : null;
  return (
    <Card>
      <form className="mb-4 flex gap-2" role="search">
        <label htmlFor="org-search" className="sr-only">
          Search orgs
        </label>
        <input
          id="org-search"
          name="q"
          defaultValue={query.q ?? ""}
          placeholder="Name, slug, org id or Stripe customer id"
          className="block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm"
        />
        <button type="submit" className="rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white">
          Search
        </button>
      </form>
      <p className="mb-2 text-sm text-zinc-600" data-testid="org-count">
        {total.toLocaleString("en-US")} {total === 1 ? "org" : "orgs"}
        {query.q ? ` matching “${query.q}”` : ""}
      </p>
      <table className="w-full text-sm" data-testid="org-table">
        <TableHead
          columns={[
            "Org",
            "Plan",
            "Status",
            { label: "MRR", numeric: true },
            { label: "Projects", numeric: true },
            { label: "Seats", numeric: true },
            { label: "Runs", numeric: true },
          ]}
        />
        <tbody>
          {orgs.map((o) => (
            <tr key={o.id} className="border-t border-zinc-100">
              <td className="py-2">
                <Link href={`/admin/orgs/${o.id}`} className="font-medium text-brand-700 hover:underline">
                  {o.name}
                </Link>
                <span className="block text-xs text-zinc-500">{o.slug}</span>
              </td>
              <td className="py-2 capitalize">{o.planCode}</td>
              <td className="py-2">{o.status ?? "—"}</td>
              <td className="py-2 text-right tabular-nums">{money(o.mrrCents)}</td>
              <td className="py-2 text-right tabular-nums">{usage(o.projects, o.limits.projects)}</td>
              <td className="py-2 text-right tabular-nums">{usage(o.seats, o.limits.seats)}</td>
              <td className="py-2 text-right tabular-nums">{usage(o.runs, o.limits.runsPerMonth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null ? (
        <Link
          className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          href={`/admin/orgs?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), offset: String(next) })}`}
        >
          Next {query.limit}
        </Link>
      ) : null}
    </Card>
  );
}
