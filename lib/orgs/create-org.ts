import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { AppError } from "@/lib/errors";
import { slugSchema } from "@/lib/orgs/slug";
import { ratePolicies } from "@/lib/rate-limits/policies";
import { consumeRate } from "@/lib/rate-limits/rate-limit";

export const createOrgInput = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters."),
  slug: slugSchema,
});

/** A user creating an org of their own: counted per user, so nobody can mint orgs to multiply per-org limits. */
export async function createOwnOrg(userId: string, input: z.infer<typeof createOrgInput>) {
  await consumeRate(ratePolicies().orgsPerUser, userId);
  return createOrg(userId, input);
}

/** Creates an organization with the user as its owner, in one transaction. */
export async function createOrg(userId: string, input: z.infer<typeof createOrgInput>) {
  try {
    return await db.organization.create({
      data: { name: input.name, slug: input.slug, memberships: { create: { userId, role: "owner" } } },
      select: { id: true, slug: true, name: true },
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("slug_taken", `The address "${input.slug}" is taken; choose another.`, {
        fields: { slug: "This address is taken." },
      });
    throw err;
  }
}
