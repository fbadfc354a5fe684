import type { Limits } from "@/lib/plans/catalog-definition";
import { money } from "./format";

type PlanOption = {
  code: string;
  name: string;
  limits: Limits;
  features: string[];
  trialDays: number;
  selfServe: boolean;
  monthlyPriceCents: number | null;
};
type AddOn = { code: string; name: string; priceCents: number; interval: string; effect: unknown };

const FEATURES: { code: string; label: string }[] = [
  { code: "invites", label: "Invite teammates" },
  { code: "credits", label: "Prepaid credits for runs beyond the plan" },
  { code: "priority_support", label: "Priority support" },
  { code: "audit_export", label: "Audit log export" },
  { code: "sso", label: "Single sign-on (SSO)" },
];

const LIMITS: { key: keyof Limits; label: string }[] = [
  { key: "projects", label: "Projects" },
  { key: "seats", label: "Seats" },
  { key: "runsPerMonth", label: "Runs per billing period" },
];

const limitText = (n: number | null) => (n === null ? "Unlimited" : n.toLocaleString("en-US"));

function addOnCell(addOn: AddOn, plan: PlanOption): string {
  const feature = (addOn.effect as { feature?: string } | null)?.feature;
  if (feature && plan.features.includes(feature)) return "Included";
  if (!plan.selfServe) return "On request";
  return plan.monthlyPriceCents ? `${money(addOn.priceCents)}/${addOn.interval}` : "—";
}

/** The feature comparison under the plan cards: limits, then features, then what can be added to a paid plan. */
export function PlanComparison({ plans, addOns }: { plans: PlanOption[]; addOns: AddOn[] }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white">
      <table className="w-full text-sm" data-testid="plan-comparison">
        <caption className="sr-only">Compare plans</caption>
        <thead>
          <tr className="border-b border-zinc-200 text-left">
            <th scope="col" className="p-3 font-medium text-zinc-500">
              Compare plans
            </th>
            {plans.map((t) => (
              <th key={t.code} scope="col" className="p-3 font-semibold">
                {t.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {LIMITS.map((l) => (
            <tr key={l.key}>
              <th scope="row" className="p-3 text-left font-normal text-zinc-700">
                {l.label}
              </th>
              {plans.map((t) => (
                <td key={t.code} className="p-3">
                  {limitText(t.limits[l.key])}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row" className="p-3 text-left font-normal text-zinc-700">
              Free trial
            </th>
            {plans.map((t) => (
              <td key={t.code} className="p-3">
                {t.trialDays ? `${t.trialDays} days` : "—"}
              </td>
            ))}
          </tr>
          {FEATURES.map((f) => (
            <tr key={f.code}>
              <th scope="row" className="p-3 text-left font-normal text-zinc-700">
                {f.label}
              </th>
              {plans.map((t) => (
                <td key={t.code} className="p-3">
                  {t.features.includes(f.code) ? (
                    <span aria-label="Included" className="text-emerald-700">
                      ✓
                    </span>
                  ) : (
                    <span aria-label="Not included" className="text-zinc-400">
                      —
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
          {addOns.map((a) => (
            <tr key={a.code}>
              <th scope="row" className="p-3 text-left font-normal text-zinc-700">
                Add-on: {a.name}
              </th>
              {plans.map((t) => (
                <td key={t.code} className="p-3">
                  {addOnCell(a, t)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
