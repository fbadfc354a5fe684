"use client";

import Link from "next/link";
import { useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { money, pricePer, seatMinimum } from "./format";
import {
  annualSaving,
  annualToggleLabel,
  planAction,
  type PlanAction,
  type PricingPlan,
  type PricingViewer,
} from "@/lib/plans/plan-action";

type PlanOption = PricingPlan & {
  description: string | null;
  monthlyPriceCents: number | null;
  annualPriceCents: number | null;
  pricing: "flat" | "per_seat";
  minSeats: number;
};
type Interval = "month" | "year";

/** The plan cards on /pricing, with the monthly/annual switch; each card's button depends on who is looking. */
export function PricingCards({
  plans,
  viewer,
  initialInterval,
}: {
  plans: PlanOption[];
  viewer: PricingViewer;
  initialInterval: Interval;
}) {
  const [interval, setInterval] = useState<Interval>(initialInterval);
  return (
    <div>
      <div className="mb-8 flex justify-center">
        <div className="inline-flex rounded-lg border border-zinc-200 bg-white p-1" role="group" aria-label="Billing interval">
          {(["month", "year"] as const).map((i) => (
            <button
              key={i}
              type="button"
              aria-pressed={interval === i}
              onClick={() => setInterval(i)}
              className={cn("rounded-md px-4 py-1.5 text-sm font-medium", interval === i ? "bg-brand-600 text-white" : "text-zinc-700")}
            >
              {i === "month" ? "Monthly" : annualToggleLabel(plans)}
            </button>
          ))}
        </div>
      </div>
      <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-4">
        {plans.map((t) => (
          <PlanCard key={t.code} plan={t} interval={interval} action={planAction(t, interval, viewer)} />
        ))}
      </div>
    </div>
  );
}

function PlanCard({ plan, interval, action }: { plan: PlanOption; interval: Interval; action: PlanAction }) {
  const cents = interval === "year" ? plan.annualPriceCents : plan.monthlyPriceCents;
  const saving = interval === "year" ? annualSaving(plan.monthlyPriceCents, plan.annualPriceCents) : null;
  const current = action.kind === "current";
  return (
    <section
      data-testid={`pricing-${plan.code}`}
      aria-label={plan.name}
      className={cn(
        "flex flex-col rounded-xl border bg-white p-6 shadow-sm",
        current ? "border-brand-600 ring-2 ring-brand-600" : "border-zinc-200",
      )}
    >
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{plan.name}</h2>
        {current ? <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-700">Your plan</span> : null}
      </div>
      <p className="mt-1 min-h-10 text-sm text-zinc-600">
        {plan.description}
        {seatMinimum(plan) ? <span className="block text-xs text-zinc-500">{seatMinimum(plan)}</span> : null}
      </p>
      <p className="mt-4 text-3xl font-bold" data-testid="price">
        {cents === null ? "Custom" : money(cents)}
        {cents ? <span className="text-sm font-normal text-zinc-500">{pricePer(plan, interval)}</span> : null}
      </p>
      <p className="min-h-5 text-sm text-emerald-700" data-testid="saving">
        {saving
          ? `${money(Math.round(plan.annualPriceCents! / 12))}${pricePer(plan, "month")} billed yearly · save ${money(saving.cents)}${plan.pricing === "per_seat" ? " per seat" : ""}`
          : plan.trialDays
            ? `${plan.trialDays}-day free trial`
            : ""}
      </p>
      <div className="mt-6">
        {action.kind === "link" ? (
          action.href.startsWith("mailto:") ? (
            <a href={action.href} className={cn(buttonVariants({ variant: "secondary" }), "w-full")}>
              {action.label}
            </a>
          ) : (
            <Link href={action.href} className={cn(buttonVariants({ variant: action.primary ? "primary" : "secondary" }), "w-full")}>
              {action.label}
            </Link>
          )
        ) : action.kind === "current" ? (
          <p className="py-2 text-center text-sm font-semibold text-brand-700">{action.label}</p>
        ) : (
          <p className="py-2 text-center text-sm text-zinc-600">{action.text}</p>
        )}
      </div>
    </section>
  );
}
