import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OverageMode } from "@/lib/generated/prisma/client";
import type { Limits } from "@/lib/plans/catalog-definition";

export type Interval = "month" | "year";

export type PlanView = {
  code: string;
  name: string;
  description: string | null;
  monthlyPriceCents: number | null;
  annualPriceCents: number | null;
  limits: Limits;
  features: string[];
  trialDays: number;
  selfServe: boolean;
  /** Flat, or per seat (the price is one seat's, and the subscription's quantity is the org's billable seats). */
  pricing: "flat" | "per_seat";
  minSeats: number;
  maxSeats: number | null;
  /** What a run beyond the allowance may do (credits, metered, stop), and what one costs when metered. */
  overageModes: OverageMode[];
  overageRunPriceCents: number | null;
};

function toView(p: {
  code: string;
  name: string;
  description: string | null;
  monthlyPriceCents: number | null;
  annualPriceCents: number | null;
  limits: unknown;
  features: unknown;
  trialDays: number;
  selfServe: boolean;
  pricing: "flat" | "per_seat";
  minSeats: number;
  maxSeats: number | null;
  overageModes: OverageMode[];
  overageRunPriceCents: number | null;
}): PlanView {
  return {
    code: p.code,
    name: p.name,
    description: p.description,
    monthlyPriceCents: p.monthlyPriceCents,
    annualPriceCents: p.annualPriceCents,
    limits: p.limits as Limits,
    features: p.features as string[],
    trialDays: p.trialDays,
    selfServe: p.selfServe,
    pricing: p.pricing,
    minSeats: p.minSeats,
    maxSeats: p.maxSeats,
    overageModes: p.overageModes,
    overageRunPriceCents: p.overageRunPriceCents,
  };
}

/** The public catalog, cheapest first. */
export async function listPlans(): Promise<PlanView[]> {
  return (await db.plan.findMany({ where: { active: true }, orderBy: { sort: "asc" } })).map(toView);
}

export async function listAddOns() {
  return db.addOn.findMany({
    where: { active: true },
    orderBy: { sort: "asc" },
    select: { code: true, name: true, category: true, priceCents: true, interval: true, effect: true, configKey: true },
  });
}

/** A plan the org may subscribe to, with the Stripe price for the interval; 404 plan_not_found / 400 price_not_configured. */
export async function planPrice(code: string, interval: Interval) {
  const plan = await db.plan.findUnique({ where: { code } });
  if (!plan || !plan.active) throw new AppError("plan_not_found", `There is no plan called "${code}".`);
  const priceId = interval === "year" ? plan.stripeAnnualPriceId : plan.stripeMonthlyPriceId;
  if (!plan.selfServe || !priceId) {
    throw new AppError(
      "price_not_configured",
      `${plan.name} can't be bought here${plan.selfServe ? " yet: its price is not synced to Stripe" : "; contact sales"}.`,
    );
  }
  return { plan: toView(plan), priceId };
}

export async function planByCode(code: string): Promise<PlanView | null> {
  const plan = await db.plan.findUnique({ where: { code } });
  return plan ? toView(plan) : null;
}

/** What a Stripe product is in our catalog: a plan, an add-on, or nothing of ours. */
export async function catalogItemForProduct(productId: string | null) {
  if (!productId) return null;
  const plan = await db.plan.findFirst({ where: { stripeProductId: productId }, select: { code: true } });
  if (plan) return { kind: "plan" as const, code: plan.code };
  const addOn = await db.addOn.findFirst({ where: { stripeProductId: productId }, select: { code: true } });
  if (addOn) return { kind: "addon" as const, code: addOn.code };
  return null;
}
