import "server-only";
import { z } from "zod";
import { emailSchema } from "@/lib/auth/emails";
import { verifyPassword } from "@/lib/auth/password";
import { isSignInThrottled, recordSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { db } from "@/lib/db";

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(128) });

export type CredentialsResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "throttled" };

/** Checks an email and password; never says which of the two was wrong. */
export async function verifyCredentials(input: unknown): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  if (await isSignInThrottled(email)) return { ok: false, reason: "throttled" };
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true },
  });
  const ok = await verifyPassword(password, user?.passwordHash);
  await recordSignInAttempt(email, ok);
  if (!ok || !user) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
