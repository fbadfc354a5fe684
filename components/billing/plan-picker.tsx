"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { callApi, useApiForm } from "@/components/ui/use-api-form";
import { money } from "./format";
import { SALES_CONTACT } from "@/lib/billing/plan-action";

type Tier = { code: string; name: string; description: string | null; monthlyPriceCents: number | null; annualPriceCents: number | null; trialDays: number; selfServe: boolean };
type Interval = "month" | "year";
type Preview = { amountDue: number; prorationAmount: number; prorationDate: number | null; currency: string; lines: { description: string | null; amount: number; proration: boolean }[] };
type Pending = { plan: Tier; interval: Interval; preview: Preview | null; error: string | null };

/** Plan cards with a monthly/annual switch; switching plans shows the proration preview before anything changes. */
export function PlanPicker({ slug, tiers, current, subscribed, trialAvailable, autoChoose }: {
  slug: string; tiers: Tier[]; current: { planCode: string; interval: string | null }; subscribed: boolean; trialAvailable: boolean;
  /** A plan picked on /pricing: chosen as soon as the page opens (Checkout, or the proration dialog). */
  autoChoose?: { plan: string; interval: Interval } | null;
}) {
  const router = useRouter();
  const [interval, setInterval] = useState<Interval>(current.interval === "year" ? "year" : "month");
  const [pending, setPending] = useState<Pending | null>(null);
  const form = useApiForm();
  const api = `/api/v1/orgs/${slug}/billing`;
  const [opening, setOpening] = useState<string | null>(null);
  const autoStarted = useRef(false);
  const price = (t: Tier) => (interval === "year" ? t.annualPriceCents : t.monthlyPriceCents);
  const isCurrentPlan = (t: Tier, i: Interval) => t.code === current.planCode && (t.code === "free" || current.interval === i);

  async function choose(plan: Tier, chosen: Interval = interval) {
    if (!subscribed) {
      setOpening(plan.name);
      const result = await form.submit<{ url: string }>(`${api}/checkout`, { body: { plan: plan.code, interval: chosen } });
      if (result) window.location.assign(result.data.url);
      else setOpening(null);
      return;
    }
    setPending({ plan, interval: chosen, preview: null, error: null });
    const preview = await callApi<Preview>(`${api}/upcoming-invoice?plan=${plan.code}&interval=${chosen}`, { method: "GET" });
    setPending({ plan, interval: chosen, preview: preview.ok ? preview.data : null, error: preview.ok ? null : preview.error.message });
  }

  useEffect(() => {
    if (!autoChoose || autoStarted.current) return;
    autoStarted.current = true;
    // Dropping the choice from the address keeps a Back from Checkout from opening it again.
    window.history.replaceState(null, "", window.location.pathname);
    const tier = tiers.find((t) => t.code === autoChoose.plan);
    setInterval(autoChoose.interval);
    if (tier && tier.selfServe && tier.code !== "free" && !isCurrentPlan(tier, autoChoose.interval)) void choose(tier, autoChoose.interval);
  }); // runs once: the ref keeps it from repeating

  async function confirm() {
    if (!pending) return;
    const result = await form.submit(`${api}/change-tier`, { body: { plan: pending.plan.code, interval: pending.interval, ...(pending.preview?.prorationDate ? { prorationDate: pending.preview.prorationDate } : {}) } });
    if (result) {
      setPending(null);
      router.refresh();
    }
  }

  return (
    <div>
      <div className="mb-4 inline-flex rounded-lg border border-zinc-200 p-1" role="group" aria-label="Billing interval">
        {(["month", "year"] as const).map((i) => (
          <button key={i} type="button" aria-pressed={interval === i} onClick={() => setInterval(i)}
            className={cn("rounded-md px-3 py-1 text-sm font-medium", interval === i ? "bg-brand-600 text-white" : "text-zinc-700")}>
            {i === "month" ? "Monthly" : "Annual (2 months free)"}
          </button>
        ))}
      </div>
      {form.error && !pending ? <Alert tone="error" className="mb-4">{form.error.message}</Alert> : null}
      {opening && !form.error ? <Alert tone="info" className="mb-4">Opening Stripe Checkout for {opening}…</Alert> : null}
      <div className="grid gap-4 md:grid-cols-4">
        {tiers.map((t) => {
          const isCurrent = isCurrentPlan(t, interval);
          const cents = price(t);
          return (
            <div key={t.code} data-testid={`plan-${t.code}`} className={cn("rounded-lg border p-4", isCurrent ? "border-brand-600 ring-1 ring-brand-600" : "border-zinc-200")}>
              <h3 className="font-semibold">{t.name}</h3>
              <p className="mt-1 text-2xl font-semibold">{cents === null ? "Custom" : money(cents)}<span className="text-sm font-normal text-zinc-500">{cents ? (interval === "year" ? "/year" : "/month") : ""}</span></p>
              <p className="mt-1 min-h-10 text-sm text-zinc-600">{t.description}</p>
              <div className="mt-3">
                {isCurrent ? <span className="text-sm font-medium text-brand-700">Current plan</span>
                  : !t.selfServe ? <a className="text-sm font-medium text-brand-700 underline" href={SALES_CONTACT}>Contact sales</a>
                  : t.code === "free" ? null
                  : <Button size="sm" disabled={form.pending} onClick={() => choose(t)}>
                      {subscribed ? `Switch to ${t.name}` : trialAvailable && t.trialDays > 0 ? "Start free trial" : `Subscribe to ${t.name}`}
                    </Button>}
              </div>
            </div>
          );
        })}
      </div>
      {pending ? (
        <div role="dialog" aria-modal="true" aria-labelledby="change-plan-title" className="fixed inset-0 z-20 flex items-center justify-center bg-black/30 p-4">
          <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-lg">
            <h3 id="change-plan-title" className="text-lg font-semibold">Switch to {pending.plan.name} ({pending.interval === "year" ? "annual" : "monthly"})</h3>
            {pending.error ? <Alert tone="error" className="mt-3">{pending.error}</Alert> : null}
            {form.error ? <Alert tone="error" className="mt-3">{form.error.message}</Alert> : null}
            {pending.preview ? (
              <div className="mt-3 space-y-2 text-sm" data-testid="proration-preview">
                <ul className="space-y-1">
                  {pending.preview.lines.map((l, i) => (
                    <li key={i} className="flex justify-between gap-4"><span className="text-zinc-600">{l.description}</span><span>{money(l.amount, pending.preview!.currency)}</span></li>
                  ))}
                </ul>
                <p className="font-medium">
                  {pending.preview.amountDue > 0 ? `Charged now: ${money(pending.preview.amountDue, pending.preview.currency)}` : `Credit on your next invoice: ${money(-pending.preview.prorationAmount, pending.preview.currency)}`}
                </p>
              </div>
            ) : !pending.error ? <p className="mt-3 text-sm text-zinc-600">Calculating the proration…</p> : null}
            <div className="mt-5 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => { setPending(null); form.setError(null); }}>Keep current plan</Button>
              <Button onClick={confirm} disabled={form.pending || !pending.preview}>Confirm switch</Button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
