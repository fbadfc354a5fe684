import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { slugSchema } from "@/lib/orgs/slug";

export const createOrgInput = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters."),
  slug: slugSchema,
});

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
