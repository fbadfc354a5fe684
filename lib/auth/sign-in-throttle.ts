import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const key = (email: string) => `signin:${email}`;

/** True when this address has had too many failed sign-ins within the window. */
export async function isSignInThrottled(email: string): Promise<boolean> {
  const { SIGNIN_MAX_FAILURES, SIGNIN_WINDOW_MINUTES } = env();
  const since = new Date(Date.now() - SIGNIN_WINDOW_MINUTES * 60_000);
  const failures = await db.signInAttempt.count({ where: { key: key(email), succeeded: false, createdAt: { gt: since } } });
  return failures >= SIGNIN_MAX_FAILURES;
}

export async function recordSignInAttempt(email: string, succeeded: boolean): Promise<void> {
  if (succeeded) {
    await db.signInAttempt.deleteMany({ where: { key: key(email) } });
    return;
  }
  await db.signInAttempt.create({ data: { key: key(email), succeeded } });
}
