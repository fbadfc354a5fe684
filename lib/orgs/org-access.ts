import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/orgs/roles";

export type OrgRef = { id: string; slug: string; name: string };
export type OrgAccess = { org: OrgRef; role: Role };

/** The user's membership in the org named by the slug; null when the org does not exist or the user is not in it. */
export const findOrgAccess = cache(async (userId: string, slug: string): Promise<OrgAccess | null> => {
  const membership = await db.membership.findFirst({
    where: { userId, org: { slug } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  return membership ? { org: membership.org, role: membership.role } : null;
});

/** Read access to an org named by its id, for its members and for platform operators (who get the member role). */
export async function requireOrgReadById(user: { id: string; isSuperadmin: boolean }, orgId: string): Promise<OrgAccess> {
  const membership = await db.membership.findFirst({
    where: { userId: user.id, orgId },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (membership) return { org: membership.org, role: membership.role };
  if (user.isSuperadmin) {
    const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, slug: true, name: true } });
    if (org) return { org, role: "member" };
  }
  throw new AppError("not_found", "No such organization.");
}

/**
 * Refuses with 404 for an org the user is not in (the org's existence is not
 * revealed) and with 403 when the user's role is below the one required.
 */
export async function requireOrgAccess(userId: string, slug: string, atLeast: Role): Promise<OrgAccess> {
  const access = await findOrgAccess(userId, slug);
  if (!access) throw new AppError("not_found", "No such organization.");
  if (!hasRole(access.role, atLeast)) {
    throw new AppError(
      "forbidden",
      `This needs the ${atLeast} role or higher; you are ${access.role === "admin" ? "an admin" : `a ${access.role}`}.`,
    );
  }
  return access;
}
