import { z } from "zod";
import { PLANS } from "@/lib/plans/catalog-definition";
import type { LicenseTerms } from "./license-token";

const count = z.coerce.number().int().min(0).max(10_000_000);
const limitOption = z.union([z.literal("unlimited").transform(() => null), count]).optional();

/** What an operator asks a license for: a catalog plan, its limits unless overridden, extra features, the dates. */
export const licenseRequest = z
  .object({
    licensee: z.string().trim().min(2).max(200),
    plan: z.enum(PLANS.map((p) => p.code) as [string, ...string[]]),
    seats: limitOption,
    projects: limitOption,
    runsPerMonth: limitOption,
    features: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    notBefore: z.coerce.date().optional(),
    expires: z.coerce.date(),
    /** Binds the license to one installation (the id its console shows); without it the license runs anywhere. */
    installation: z
      .string()
      .trim()
      .regex(/^inst_[a-z0-9]{16,64}$/, "An installation id looks like inst_ followed by letters and digits.")
      .optional(),
  })
  .strict();

export function termsFor(request: z.infer<typeof licenseRequest>): LicenseTerms {
  const plan = PLANS.find((p) => p.code === request.plan)!;
  const pick = (given: number | null | undefined, base: number | null) => (given === undefined ? base : given);
  return {
    licensee: request.licensee,
    plan: plan.code,
    limits: {
      projects: pick(request.projects, plan.limits.projects),
      seats: pick(request.seats, plan.limits.seats),
      runsPerMonth: pick(request.runsPerMonth, plan.limits.runsPerMonth),
    },
    features: [...plan.features, ...request.features],
    notBefore: request.notBefore,
    expiresAt: request.expires,
    installation: request.installation,
  };
}
