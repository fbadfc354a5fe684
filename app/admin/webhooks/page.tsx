import { TableHead } from "@/components/admin/table-head";
import Link from "next/link";
import { ActionButton } from "@/components/admin/action-button";
import { Stat } from "@/components/admin/stat";
import { RefreshWhile } from "@/components/billing/refresh-while";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { listWebhookEvents, webhookEventsQuery } from "@/lib/admin/webhook-events";
import { platformHealth } from "@/lib/platform-health/health";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const TONE = { processed: "success", pending: "warning", failed: "danger" } as const;

export default async function AdminWebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const operator = await loadOperatorPage();
  const parsed = webhookEventsQuery.safeParse({ status: "failed", ...(await searchParams) });
  const query = parsed.success ? parsed.data : webhookEventsQuery.parse({ status: "failed" });
  const [list, health] = await Promise.all([listWebhookEvents(operator, query), platformHealth()]);
  const tabs = ["failed", "pending", "processed"] as const;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Failed" value={list.failed} testId="webhooks-failed" />
        <Stat label="Pending" value={list.pending} testId="webhooks-pending" />
        <Stat
          label="Queue lag"
          value={`${health.queue.oldest_ready_seconds} s`}
          hint={`${health.queue.ready_jobs} jobs ready`}
          testId="queue-lag"
        />
      </div>
      <RefreshWhile waiting={list.pending > 0} stillWaiting="Some events are still waiting for the worker." />
      <Card>
        <CardHeader
          title="Webhook events"
          description={
            health.webhooks.failure_rate_percent === null
              ? "No events in the last 24 hours."
              : `${health.webhooks.failure_rate_percent}% failed in the last 24 hours.`
          }
          action={
            list.failed > 0 ? (
              <ActionButton url="/api/v1/admin/webhooks/retry" body={{ all: true }} label="Retry all failed" variant="primary" />
            ) : null
          }
        />
        <nav aria-label="Event status" className="mb-3 flex gap-2 text-sm">
          {tabs.map((t) => (
            <Link
              key={t}
              href={`/admin/webhooks?status=${t}`}
              aria-current={query.status === t ? "page" : undefined}
              className={query.status === t ? "font-semibold text-brand-700" : "text-zinc-600 hover:text-zinc-900"}
            >
              {t}
            </Link>
          ))}
        </nav>
        <table className="w-full text-sm" data-testid="webhook-events">
          <TableHead columns={["Event", "Status", { label: "Attempts", numeric: true }, "Last error", ""]} />
          <tbody>
            {list.events.map((e) => (
              <tr key={e.id} className="border-t border-zinc-100 align-top" data-event={e.id}>
                <td className="py-2">
                  <span className="font-medium">{e.type}</span>
                  <span className="block font-mono text-xs text-zinc-500">{e.id}</span>
                </td>
                <td className="py-2">
                  <Badge tone={TONE[e.status]}>{e.status}</Badge>
                </td>
                <td className="py-2 text-right tabular-nums">{e.attempts}</td>
                <td className="max-w-md py-2 text-zinc-600">{e.lastError ?? "—"}</td>
                <td className="py-2 text-right">
                  {e.status === "failed" ? (
                    <ActionButton url="/api/v1/admin/webhooks/retry" body={{ eventId: e.id }} label="Retry" />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.events.length === 0 ? <p className="mt-2 text-sm text-zinc-600">No {query.status ?? ""} events.</p> : null}
      </Card>
    </div>
  );
}
