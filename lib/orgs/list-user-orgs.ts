import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";

export const listUserOrgs = cache(async (userId: string) => {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { org: { name: "asc" } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role }));
});
