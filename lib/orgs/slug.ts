import { z } from "zod";

// Top-level paths of the app that an org slug must not shadow.
const RESERVED = new Set([
  "api",
  "admin",
  "pricing",
  "signin",
  "signup",
  "signout",
  "orgs",
  "invite",
  "verify-email",
  "reset-password",
  "forgot-password",
  "settings",
  "account",
  "billing",
  "new",
  "_next",
  "static",
  "public",
  "help",
  "docs",
  "login",
  "logout",
  "register",
  "dashboard",
  "www",
  "app",
  "tollgate",
]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.")
  .refine((s) => !RESERVED.has(s), "This address is reserved; choose another.");

/** A slug suggestion from an org name: "Acme, Inc." → "acme-inc". */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}
