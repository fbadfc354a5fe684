"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { callApi, useApiForm } from "@/components/ui/use-api-form";
import { money, pricePer, seatMinimum } from "./format";
import { PlanChangeDialog, type ChangePreview } from "./plan-change-dialog";
import { annualToggleLabel, SALES_CONTACT } from "@/lib/plans/plan-action";

type PlanOption = {
  code: string;
  name: string;
  description: string | null;
  monthlyPriceCents: number | null;
  annualPriceCents: number | null;
  trialDays: number;
  selfServe: boolean;
  pricing: "flat" | "per_seat";
  minSeats: number;
};
type Interval = "month" | "year";
type Pending = { plan: PlanOption; interval: Interval; preview: ChangePreview | null; error: string | null };

/** Plan cards with a monthly/annual switch; switching plans shows the proration preview before anything changes. */
export function PlanPicker({
  slug,
  plans,
  current,
  subscribed,
  trialAvailable,
  autoChoose,
}: {
  slug: string;
  plans: PlanOption[];
  current: { planCode: string; interval: string | null };
  subscribed: boolean;
  trialAvailable: boolean;
  /** A plan picked on /pricing: chosen as soon as the page opens (Checkout, or the proration dialog). */
  autoChoose?: { plan: string; interval: Interval } | null;
}) {
  const router = useRouter();
  const [interval, setShownInterval] = useState<Interval>(autoChoose?.interval ?? (current.interval === "year" ? "year" : "month"));
  const [pending, setPending] = useState<Pending | null>(null);
  const form = useApiForm();
  const api = `/api/v1/orgs/${slug}/billing`;
  const [opening, setOpening] = useState<string | null>(null);
  const autoStarted = useRef(false);
  const price = (t: PlanOption) => (interval === "year" ? t.annualPriceCents : t.monthlyPriceCents);
  const isCurrentPlan = (t: PlanOption, i: Interval) => t.code === current.planCode && (t.code === "free" || current.interval === i);

  async function choose(plan: PlanOption, chosen: Interval = interval) {
    if (!subscribed) {
      setOpening(plan.name);
      const result = await form.submit<{ url: string }>(`${api}/checkout`, { body: { plan: plan.code, interval: chosen } });
      if (result) window.location.assign(result.data.url);
      else setOpening(null);
      return;
    }
    setPending({ plan, interval: chosen, preview: null, error: null });
    const preview = await callApi<ChangePreview>(`${api}/upcoming-invoice?plan=${plan.code}&interval=${chosen}`, { method: "GET" });
    setPending({ plan, interval: chosen, preview: preview.ok ? preview.data : null, error: preview.ok ? null : preview.error.message });
  }

  useEffect(() => {
    if (!autoChoose || autoStarted.current) return;
    autoStarted.current = true;
    // Dropping the choice from the address keeps a Back from Checkout from opening it again.
    window.history.replaceState(null, "", window.location.pathname);
    const picked = plans.find((t) => t.code === autoChoose.plan);
    // A one-time action on arriving from /pricing (open Checkout or the proration dialog), not state derived from props.
    const wanted = picked && picked.selfServe && picked.code !== "free" && !isCurrentPlan(picked, autoChoose.interval);
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (wanted) void choose(picked, autoChoose.interval);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on arrival; the ref also guards React's double run in development
  }, []);

  async function confirm() {
    if (!pending) return;
    const result = await form.submit(`${api}/change-tier`, {
      body: {
        plan: pending.plan.code,
        interval: pending.interval,
        when: pending.preview?.effective,
        ...(pending.preview?.prorationDate ? { prorationDate: pending.preview.prorationDate } : {}),
      },
    });
    if (result) {
      setPending(null);
      router.refresh();
    }
  }

  return (
    <div>
      <div className="mb-4 inline-flex rounded-lg border border-zinc-200 p-1" role="group" aria-label="Billing interval">
        {(["month", "year"] as const).map((i) => (
          <button
            key={i}
            type="button"
            aria-pressed={interval === i}
            onClick={() => setShownInterval(i)}
            className={cn("rounded-md px-3 py-1 text-sm font-medium", interval === i ? "bg-brand-600 text-white" : "text-zinc-700")}
          >
            {i === "month" ? "Monthly" : annualToggleLabel(plans)}
          </button>
        ))}
      </div>
      {form.error && !pending ? (
        <Alert tone="error" className="mb-4">
          {form.error.message}
        </Alert>
      ) : null}
      {opening && !form.error ? (
        <Alert tone="info" className="mb-4">
          Opening Stripe Checkout for {opening}…
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-4">
        {plans.map((t) => {
          const isCurrent = isCurrentPlan(t, interval);
          const cents = price(t);
          return (
            <div
              key={t.code}
              data-testid={`plan-${t.code}`}
              className={cn("rounded-lg border p-4", isCurrent ? "border-brand-600 ring-1 ring-brand-600" : "border-zinc-200")}
            >
              <h3 className="font-semibold">{t.name}</h3>
              <p className="mt-1 text-2xl font-semibold">
                {cents === null ? "Custom" : money(cents)}
                <span className="text-sm font-normal text-zinc-500">{cents ? pricePer(t, interval) : ""}</span>
              </p>
              <p className="mt-1 min-h-10 text-sm text-zinc-600">
                {t.description}
                {seatMinimum(t) ? <span className="block text-xs text-zinc-500">{seatMinimum(t)}</span> : null}
              </p>
              <div className="mt-3">
                {isCurrent ? (
                  <span className="text-sm font-medium text-brand-700">Current plan</span>
                ) : !t.selfServe ? (
                  <a className="text-sm font-medium text-brand-700 underline" href={SALES_CONTACT}>
                    Contact sales
                  </a>
                ) : t.code === "free" ? null : (
                  <Button size="sm" disabled={form.pending} onClick={() => choose(t)}>
                    {subscribed ? `Switch to ${t.name}` : trialAvailable && t.trialDays > 0 ? "Start free trial" : `Subscribe to ${t.name}`}
                  </Button>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {pending ? (
        <PlanChangeDialog
          planName={pending.plan.name}
          interval={pending.interval}
          currentPlanName={plans.find((t) => t.code === current.planCode)?.name ?? current.planCode}
          preview={pending.preview}
          error={pending.error ?? form.error?.message ?? null}
          busy={form.pending}
          onConfirm={confirm}
          onKeep={() => {
            setPending(null);
            form.setError(null);
          }}
        />
      ) : null}
    </div>
  );
}
