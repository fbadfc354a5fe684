import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";

const ROLES = ["owner", "admin", "member"] as const satisfies readonly Role[];
export const roleSchema = z.enum(ROLES);

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

export type { Role };
