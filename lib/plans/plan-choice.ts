import { z } from "zod";

// A plan picked on /pricing travels as `?plan=team&interval=year` through sign-up and org creation
// to the billing page, which opens Checkout for it. Only the shape is checked here; the catalog
// decides at Checkout whether the plan can be bought.

export type PlanChoice = { plan: string; interval: "month" | "year" };

const choiceSchema = z.object({
  plan: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  interval: z.enum(["month", "year"]).catch("month"),
});

export function parsePlanChoice(search: { plan?: unknown; interval?: unknown }): PlanChoice | null {
  const parsed = choiceSchema.safeParse({ plan: search.plan, interval: search.interval ?? "month" });
  return parsed.success ? parsed.data : null;
}

const planChoiceQuery = (choice: PlanChoice) => `plan=${encodeURIComponent(choice.plan)}&interval=${choice.interval}`;

/** Where a plan choice goes next: the org's billing page, or org creation when there is no org yet. */
export const billingPathFor = (slug: string, choice: PlanChoice) => `/${slug}/billing?${planChoiceQuery(choice)}`;
export const newOrgPathFor = (choice: PlanChoice) => `/orgs/new?${planChoiceQuery(choice)}`;
export const signUpPathFor = (choice: PlanChoice) => `/signup?${planChoiceQuery(choice)}`;
