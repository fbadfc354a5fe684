import "server-only";
import { hoursToMilliseconds } from "date-fns";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { AuthTokenPurpose } from "@/lib/generated/prisma/client";
import { hashLinkToken, newLinkToken } from "@/lib/tokens";

const TTL_MS: Record<AuthTokenPurpose, number> = {
  verify_email: hoursToMilliseconds(24),
  reset_password: hoursToMilliseconds(1),
};

/** Issues a single-use link token; earlier unused tokens of the same purpose stop working. */
export async function issueAuthToken(userId: string, purpose: AuthTokenPurpose): Promise<string> {
  const { token, hash } = newLinkToken();
  await db.$transaction([
    db.authToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date() } }),
    db.authToken.create({ data: { userId, purpose, tokenHash: hash, expiresAt: new Date(Date.now() + TTL_MS[purpose]) } }),
  ]);
  return token;
}

/** Marks the token used and returns its user id; a used, expired or unknown token is refused. */
export async function consumeAuthToken(token: string, purpose: AuthTokenPurpose, forUserId?: string): Promise<string> {
  const now = new Date();
  const claimed = await db.authToken.updateManyAndReturn({
    where: { tokenHash: hashLinkToken(token), purpose, usedAt: null, expiresAt: { gt: now }, ...(forUserId ? { userId: forUserId } : {}) },
    data: { usedAt: now },
    select: { userId: true },
  });
  const first = claimed[0];
  if (!first) throw new AppError("invalid_token", "This link has expired or was already used. Ask for a new one.");
  return first.userId;
}
