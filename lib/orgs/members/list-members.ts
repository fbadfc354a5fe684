import "server-only";
import { db } from "@/lib/db";

export async function listMembers(orgId: string) {
  const rows = await db.membership.findMany({
    where: { orgId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt }));
}
