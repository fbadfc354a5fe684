import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockOrg } from "@/lib/orgs/lock-org";
import type { OrgAccess } from "@/lib/orgs/org-access";
import { roleSchema } from "@/lib/orgs/roles";

export const changeRoleInput = z.object({ role: roleSchema });

/**
 * Owners may set any role; admins may move people between member and admin
 * only. The last owner cannot be demoted.
 */
export async function changeMemberRole(actor: OrgAccess, targetUserId: string, input: z.infer<typeof changeRoleInput>) {
  return db.$transaction(async (tx) => {
    await lockOrg(tx, actor.org.id);
    const target = await tx.membership.findUnique({ where: { orgId_userId: { orgId: actor.org.id, userId: targetUserId } } });
    if (!target) throw new AppError("not_found", "This person is not a member of the organization.");
    if (actor.role !== "owner" && (target.role === "owner" || input.role === "owner")) {
      throw new AppError("forbidden", "Only owners can grant or change the owner role.");
    }
    if (target.role === "owner" && input.role !== "owner") {
      const owners = await tx.membership.count({ where: { orgId: actor.org.id, role: "owner" } });
      if (owners <= 1) throw new AppError("last_owner", "An organization needs at least one owner. Make someone else owner first.");
    }
    const updated = await tx.membership.update({
      where: { id: target.id },
      data: { role: input.role },
      select: { userId: true, role: true },
    });
    return updated;
  });
}
