import "server-only";
import { z } from "zod";
import { emailSchema } from "@/lib/auth/emails";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ratePolicies } from "@/lib/rate-limits/policies";
import { consumeRate, resetRate } from "@/lib/rate-limits/rate-limit";

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(128) });

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks an email and password; never says which of the two was wrong. Every attempt is counted
 * before the password is looked at, per address and per client network, so a parallel burst gets
 * no more guesses than a patient one; a correct password clears its address's count.
 */
export async function verifyCredentials(input: unknown, clientIp: string): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const policies = ratePolicies();
  try {
    await consumeRate(policies.signInsPerClient, clientIp);
    await consumeRate(policies.signInsPerAddress, email);
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return { ok: false, reason: "throttled" };
    throw err;
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!ok || !user) return { ok: false, reason: "invalid" };
  if (needsRehash(user.passwordHash!)) {
    // Only if the hash is still the one checked: a reset in between must not be overwritten.
    await db.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  await resetRate(policies.signInsPerAddress, email);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
