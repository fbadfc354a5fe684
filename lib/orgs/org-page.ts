import "server-only";
import { notFound } from "next/navigation";
import { requireUserForPage } from "@/lib/auth/current-user";
import { findOrgAccess } from "@/lib/orgs/org-access";

/** For pages under /[org]: the user and their access, a sign-in redirect, or a 404 for non-members. */
export async function loadOrgPage(slug: string, path: string) {
  const user = await requireUserForPage(path);
  const access = await findOrgAccess(user.id, slug);
  if (!access) notFound();
  return { user, ...access };
}
