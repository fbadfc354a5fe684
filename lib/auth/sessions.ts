import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Sessions are JWTs, and a JWT can't be taken back; each one therefore names a row here (its `sid`),
 * and a session whose row is gone is signed out. Sign-out deletes the row; a password reset or a
 * verified owner claiming an address deletes all of a user's rows.
 */
export async function openSession(userId: string): Promise<string> {
  const sid = randomBytes(24).toString("base64url");
  const now = Date.now();
  await db.$transaction([
    db.session.deleteMany({ where: { userId, expires: { lt: new Date(now) } } }), // the user's expired rows go as new ones come
    db.session.create({ data: { sessionToken: sid, userId, expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) } }),
  ]);
  return sid;
}

export async function closeSession(sid: unknown): Promise<void> {
  if (typeof sid === "string" && sid) await db.session.deleteMany({ where: { sessionToken: sid } });
}

export async function closeAllSessions(userId: string, tx: Prisma.TransactionClient = db): Promise<void> {
  await tx.session.deleteMany({ where: { userId } });
}
