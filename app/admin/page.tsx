import { TableHead } from "@/components/admin/table-head";
import { Stat } from "@/components/admin/stat";
import { TrendCharts } from "@/components/admin/trend-charts";
import { money } from "@/components/billing/format";
import { UsageMeter } from "@/components/billing/usage-meter";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { consoleOverview } from "@/lib/admin/overview";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const SEVERITY_TONE = { info: "neutral", warning: "warning", critical: "danger" } as const;
const RESOURCE_LABEL = { projects: "Projects", seats: "Seats", runsPerMonth: "Runs this period" } as const;

export default async function AdminOverviewPage() {
  const operator = await loadOperatorPage();
  const o = await consoleOverview(operator);
  const { health, subscription_capacity: capacity, recommendations } = o.report;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="MRR"
          value={money(o.mrrCents)}
          hint={`ARR ${money(o.arrCents)} · ${money(o.meteredCents)} metered this period`}
          testId="stat-mrr"
        />
        <Stat
          label="Orgs"
          value={o.report.capacity.orgsTotal.toLocaleString("en-US")}
          hint={`${o.report.capacity.orgsActive} active · ${o.report.capacity.orgsTrialing} trialing · ${o.report.capacity.orgsPastDue} past due`}
          testId="stat-orgs"
        />
        <Stat
          label="Trial conversion (90 days)"
          value={o.trialConversion.percent === null ? "—" : `${o.trialConversion.percent}%`}
          hint={`${o.trialConversion.converted} of ${o.trialConversion.ended} ended trials paying`}
          testId="stat-conversion"
        />
        <Stat
          label="Churn this month"
          value={o.churnThisMonth.percent === null ? "—" : `${o.churnThisMonth.percent}%`}
          hint={`${o.churnThisMonth.churned} of ${o.churnThisMonth.base} paid subscriptions ended`}
          testId="stat-churn"
        />
      </div>

      <Card>
        <CardHeader title="Trends" description={`Daily snapshots, last ${o.history.length} days.`} />
        <TrendCharts history={o.history} />
      </Card>

      <div className="grid gap-6 md:grid-cols-2">
        <Card data-testid="capacity">
          <CardHeader
            title="Capacity"
            description={`${capacity.total_subscriptions} live subscriptions, against what every org's plan allows.`}
          />
          <div className="space-y-4">
            {(Object.keys(RESOURCE_LABEL) as (keyof typeof RESOURCE_LABEL)[]).map((r) => (
              <div key={r}>
                <UsageMeter
                  label={RESOURCE_LABEL[r]}
                  used={capacity.resources[r].actual}
                  allowed={capacity.resources[r].theoretical_limit || null}
                />
                <p className="mt-1 text-xs text-zinc-500">
                  {capacity.resources[r].utilization_percent === null
                    ? "no limited org"
                    : `${capacity.resources[r].utilization_percent}% used`}{" "}
                  · {capacity.resources[r].unlimited_orgs} orgs without a limit
                </p>
              </div>
            ))}
          </div>
        </Card>
        <Card data-testid="orgs-by-plan">
          <CardHeader title="Orgs by plan and status" />
          <table className="w-full text-sm">
            <TableHead columns={["Plan", "Status", { label: "Orgs", numeric: true }]} />
            <tbody>
              {o.orgsByPlan
                .sort((a, b) => b.count - a.count)
                .map((g) => (
                  <tr key={`${g.planCode}:${g.status}`} className="border-t border-zinc-100">
                    <td className="py-1 capitalize">{g.planCode}</td>
                    <td className="py-1">{g.status ?? "no subscription"}</td>
                    <td className="py-1 text-right tabular-nums">{g.count}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </Card>
      </div>

      <Card data-testid="recommendations">
        <CardHeader
          title="Recommendations"
          description={`Database answered in ${health.database.latency_ms} ms; queue ${health.queue.oldest_ready_seconds} s behind; ${health.webhooks.pending} webhook events pending, ${health.webhooks.failed} failed.`}
        />
        <ul className="space-y-3">
          {recommendations.map((r) => (
            <li key={`${r.category}:${r.title}`} className="rounded-lg border border-zinc-200 p-3">
              <div className="flex items-center gap-2">
                <Badge tone={SEVERITY_TONE[r.severity]}>{r.severity}</Badge>
                <span className="text-xs uppercase tracking-wide text-zinc-500">{r.category}</span>
              </div>
              <p className="mt-1 font-medium">{r.title}</p>
              <p className="text-sm text-zinc-600">{r.description}</p>
              <p className="mt-1 text-sm">{r.action}</p>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
