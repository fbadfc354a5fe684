import { billingPathFor, newOrgPathFor, signUpPathFor } from "./plan-choice";

// What a plan's button on /pricing does for whoever is looking: pure, so it is unit-tested.

export const SALES_CONTACT = "mailto:sales@tollgate.test";

export type PricingPlan = { code: string; name: string; trialDays: number; selfServe: boolean };
/** The org /pricing is shown for, as far as its buttons care. */
export type PricingOrg = {
  slug: string;
  name: string;
  admin: boolean;
  planCode: string;
  interval: string | null;
  subscribed: boolean;
  trialAvailable: boolean;
};
export type PricingViewer = { kind: "anonymous" } | { kind: "no-org" } | { kind: "org"; org: PricingOrg };

export type PlanAction =
  { kind: "link"; label: string; href: string; primary: boolean } | { kind: "current"; label: string } | { kind: "note"; text: string };

const FREE = "free";

export function planAction(plan: PricingPlan, interval: "month" | "year", viewer: PricingViewer): PlanAction {
  if (!plan.selfServe) return { kind: "link", label: "Contact sales", href: SALES_CONTACT, primary: false };
  const choice = { plan: plan.code, interval };
  const trial = plan.trialDays > 0;
  const buyLabel = trial ? "Start free trial" : `Choose ${plan.name}`;

  if (viewer.kind === "anonymous") {
    return plan.code === FREE
      ? { kind: "link", label: "Get started", href: "/signup", primary: false }
      : { kind: "link", label: buyLabel, href: signUpPathFor(choice), primary: trial };
  }
  if (viewer.kind === "no-org") {
    return plan.code === FREE
      ? { kind: "link", label: "Create an organization", href: "/orgs/new", primary: false }
      : { kind: "link", label: buyLabel, href: newOrgPathFor(choice), primary: trial };
  }

  const { org } = viewer;
  if (plan.code === org.planCode && (plan.code === FREE || org.interval === null || org.interval === interval))
    return { kind: "current", label: "Current plan" };
  if (!org.admin) return { kind: "note", text: `Ask an admin of ${org.name} to change plans.` };
  if (plan.code === FREE) return { kind: "link", label: "Manage in billing", href: `/${org.slug}/billing`, primary: false };
  if (plan.code === org.planCode)
    return {
      kind: "link",
      label: interval === "year" ? "Switch to annual" : "Switch to monthly",
      href: billingPathFor(org.slug, choice),
      primary: false,
    };
  const label = org.subscribed ? `Switch to ${plan.name}` : org.trialAvailable && trial ? "Start free trial" : `Choose ${plan.name}`;
  return { kind: "link", label, href: billingPathFor(org.slug, choice), primary: label === "Start free trial" };
}

/** What a year costs less than twelve months, in cents and whole percent; null when there is nothing to save. */
export function annualSaving(monthlyCents: number | null, annualCents: number | null): { cents: number; percent: number } | null {
  if (!monthlyCents || annualCents === null) return null;
  const cents = monthlyCents * 12 - annualCents;
  return cents > 0 ? { cents, percent: Math.round((cents / (monthlyCents * 12)) * 100) } : null;
}

/** The toggle's label for annual billing: the best saving any plan offers, or just "Annual" when none does. */
export function annualToggleLabel(plans: { monthlyPriceCents: number | null; annualPriceCents: number | null }[]): string {
  const best = Math.max(0, ...plans.map((t) => annualSaving(t.monthlyPriceCents, t.annualPriceCents)?.percent ?? 0));
  return best ? `Annual — save up to ${best}%` : "Annual";
}
