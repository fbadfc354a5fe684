import "server-only";
import { env } from "@/lib/env";

/**
 * A circuit breaker for the interactive Stripe calls: after `FAILURES_TO_OPEN` failed requests in a row (timeouts,
 * refused connections, 5xx; one interactive call that failed on both its attempts) it opens, and interactive
 * requests fail at once instead of keeping people waiting; after the cool-down one request is let through, and the
 * first answer from Stripe closes it again.
 */
const FAILURES_TO_OPEN = 2;

let failures = 0;
let openedAt: number | null = null;
let probing = false;

export function stripeBreakerAllows(nowMs = Date.now()): boolean {
  if (openedAt === null) return true;
  if (probing || nowMs - openedAt < env().STRIPE_BREAKER_COOLDOWN_MS) return false;
  probing = true;
  return true;
}

export function recordStripeOutcome(ok: boolean, nowMs = Date.now()): void {
  if (ok) {
    failures = 0;
    openedAt = null;
    probing = false;
    return;
  }
  failures++;
  probing = false;
  if (openedAt !== null || failures >= FAILURES_TO_OPEN) openedAt = nowMs;
}

export function stripeBreakerState(): "closed" | "open" {
  return openedAt === null ? "closed" : "open";
}
