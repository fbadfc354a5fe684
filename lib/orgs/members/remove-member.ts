import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { lockOrg } from "@/lib/orgs/lock-org";
import type { OrgAccess } from "@/lib/orgs/org-access";
import { hasRole } from "@/lib/orgs/roles";
import { recordSeatChange } from "@/lib/orgs/seat-changes";

/** Admins remove members and admins, owners remove anyone, and anyone may leave; never the last owner. */
export async function removeMember(actor: OrgAccess & { userId: string }, targetUserId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockOrg(tx, actor.org.id);
    const target = await tx.membership.findUnique({ where: { orgId_userId: { orgId: actor.org.id, userId: targetUserId } } });
    if (!target) throw new AppError("not_found", "This person is not a member of the organization.");
    const leaving = targetUserId === actor.userId;
    if (!leaving) {
      if (!hasRole(actor.role, "admin")) throw new AppError("forbidden", "Only admins and owners can remove members.");
      if (target.role === "owner" && actor.role !== "owner") throw new AppError("forbidden", "Only owners can remove an owner.");
    }
    if (target.role === "owner") {
      const owners = await tx.membership.count({ where: { orgId: actor.org.id, role: "owner" } });
      if (owners <= 1) throw new AppError("last_owner", "An organization needs at least one owner. Make someone else owner first.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    await recordSeatChange(tx, actor.org.id);
  });
}
