import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/auth";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type CurrentUser = { id: string; email: string; name: string | null; emailVerified: boolean; isSuperadmin: boolean };

/** The signed-in user, re-read from the database once per request; null when signed out or the session was revoked. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  const sid = session?.sid;
  if (!id || !sid) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      emailVerified: true,
      isSuperadmin: true,
      sessionVersion: true,
      sessions: { where: { sessionToken: sid, expires: { gt: new Date() } }, select: { expires: true } },
    },
  });
  if (!user || user.sessionVersion !== session.sessionVersion || user.sessions.length === 0) return null;
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified !== null, isSuperadmin: user.isSuperadmin };
});

/** For pages: the user, or a redirect to sign in that comes back here. */
export async function requireUserForPage(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For route handlers: the user, or a 401. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}
