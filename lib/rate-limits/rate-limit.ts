import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { rawPool } from "@/lib/db/raw-pool";
import { AppError } from "@/lib/errors";
import type { RatePolicy } from "./policies";

// rate-limiter-flexible on PostgreSQL: one counter row per (policy, key), incremented atomically, so
// limits hold across app processes and under parallel bursts.
const limiters = new Map<string, RateLimiterPostgres>();

function limiterFor(policy: RatePolicy): RateLimiterPostgres {
  const id = `${policy.name}/${policy.points}/${policy.durationSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: rawPool(),
      tableName: "RateLimit",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: policy.name,
      points: policy.points,
      duration: policy.durationSeconds,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

// Keys are hashed: addresses don't need to sit in another table, and the column has a length limit.
const keyOf = (key: string) => createHash("sha256").update(key.toLowerCase()).digest("base64url").slice(0, 32);

/** Counts one use against the policy, or refuses with 429 rate_limited and Retry-After. */
export async function consumeRate(policy: RatePolicy, key: string): Promise<void> {
  try {
    await limiterFor(policy).consume(keyOf(key));
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new AppError("rate_limited", policy.message, { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
  }
}

/** Clears a key (a successful sign-in clears its address's failures). */
export async function resetRate(policy: RatePolicy, key: string): Promise<void> {
  await limiterFor(policy).delete(keyOf(key));
}
