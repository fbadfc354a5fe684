import { ResolveForm } from "@/components/admin/resolve-form";
import { day } from "@/components/billing/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { notFound } from "next/navigation";
import { orgTimeline } from "@/lib/admin/org-timeline";
import { AppError } from "@/lib/errors";
import { loadOperatorPage } from "@/lib/admin/operator-page";

export const dynamic = "force-dynamic";

const STATUS_TONE: Record<string, "success" | "warning" | "danger" | "neutral"> = {
  processed: "success",
  paid: "success",
  sent: "success",
  pending: "warning",
  open: "warning",
  failed: "danger",
  mismatch: "danger",
  failure: "danger",
};

const external = (href: string) => (href.startsWith("/") ? {} : { target: "_blank", rel: "noreferrer" });

export default async function AdminOrgTimelinePage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ events?: string }>;
}) {
  const operator = await loadOperatorPage();
  const { orgId } = await params;
  const allEvents = (await searchParams).events === "all";
  const timeline = await orgTimeline(operator, orgId, { allEvents }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const { org, subscriptions, addOns, hiddenEvents, items } = timeline;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={org.name}
          description={`${org.slug} · ${org.planCode}${org.subscriptionStatus ? ` (${org.subscriptionStatus})` : ""} · ${org.creditBalance.toLocaleString("en-US")} credits · since ${day(org.createdAt)}`}
          action={
            org.customerUrl ? (
              <a className="text-sm font-medium text-brand-700 hover:underline" href={org.customerUrl} {...external(org.customerUrl)}>
                Customer in Stripe
              </a>
            ) : null
          }
        />
        <ul className="space-y-1 text-sm">
          {subscriptions.map((s) => (
            <li key={s.id}>
              <a className="text-brand-700 hover:underline" href={s.url} {...external(s.url)}>
                {s.id}
              </a>{" "}
              {s.planCode} ({s.interval}ly), {s.status}
              {s.currentPeriodEnd ? `, period ends ${day(s.currentPeriodEnd)}` : ""}
              {s.archived ? ", archived" : ""}
            </li>
          ))}
          {addOns.map((a) => (
            <li key={a.id} data-testid="timeline-addon">
              <a className="text-brand-700 hover:underline" href={a.url} {...external(a.url)}>
                {a.id}
              </a>{" "}
              add-on {a.code.replace(/_/g, " ")}, {a.status}
              {a.currentPeriodEnd ? `, ${a.cancelAtPeriodEnd ? "ends" : "renews"} ${day(a.currentPeriodEnd)}` : ""}
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader
          title="Billing timeline"
          description={
            allEvents
              ? "Audit entries, every Stripe event, invoices, credits and emails, newest first."
              : "Audit entries, Stripe events still pending or failed, invoices, credits and emails, newest first."
          }
          action={
            hiddenEvents > 0 || allEvents ? (
              <a className="text-sm font-medium text-brand-700 hover:underline" href={allEvents ? "?" : "?events=all"}>
                {allEvents ? "Hide processed events" : `Show ${hiddenEvents} processed Stripe events`}
              </a>
            ) : null
          }
        />
        <ol className="space-y-3" data-testid="timeline">
          {items.map((item, i) => (
            <li key={`${item.kind}:${i}`} className="border-l-2 border-zinc-200 pl-3" data-kind={item.kind}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-xs uppercase tracking-wide text-zinc-500">{item.kind}</span>
                {item.link ? (
                  <a className="font-medium text-brand-700 hover:underline" href={item.link} {...external(item.link)}>
                    {item.title}
                  </a>
                ) : (
                  <span className="font-medium">{item.title}</span>
                )}
                {item.status ? <Badge tone={STATUS_TONE[item.status.split(",")[0]!] ?? "neutral"}>{item.status}</Badge> : null}
                <time className="ml-auto text-xs text-zinc-500" dateTime={item.at.toISOString()}>
                  {item.at.toISOString().replace("T", " ").slice(0, 19)} UTC
                </time>
              </div>
              {item.detail ? <p className="text-sm text-zinc-600">{item.detail}</p> : null}
              {item.resolvableId ? <ResolveForm entryId={item.resolvableId} /> : null}
            </li>
          ))}
        </ol>
        {items.length === 0 ? <p className="text-sm text-zinc-600">Nothing has happened to this org&apos;s billing yet.</p> : null}
      </Card>
    </div>
  );
}
