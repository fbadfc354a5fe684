import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";

type Scope = { calls: number; budget: (() => Promise<void>) | null };

const scope = new AsyncLocalStorage<Scope>();

/** 429 answers a budgeted request waits out before giving the 429 to its caller. */
const RATE_LIMITED_RETRIES = 6;

/**
 * Runs `work` counting every HTTP request it makes to Stripe (retries included) and, with `perSecond`, holding
 * them to that rate: each request waits for a token, and a 429 from Stripe is waited out with backoff. Work outside
 * a scope (a person waiting on a page) is neither counted nor held back.
 */
export async function inStripeWorkScope<T>(options: { perSecond?: number }, work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const budget = options.perSecond ? evenlySpaced(options.perSecond) : null;
  const state: Scope = { calls: 0, budget };
  const result = await scope.run(state, work);
  return { result, calls: state.calls };
}

/** Wraps the SDK's HTTP client so that requests made inside a work scope are counted and budgeted. */
export class ScopedHttpClient extends Stripe.HttpClient {
  constructor(private readonly inner: Stripe.HttpClient) {
    super();
  }

  getClientName(): string {
    return this.inner.getClientName();
  }

  async makeRequest(...args: Parameters<Stripe.HttpClient["makeRequest"]>): Promise<Stripe.HttpClientResponse> {
    const current = scope.getStore();
    for (let attempt = 0; ; attempt++) {
      if (current?.budget) await current.budget();
      if (current) current.calls++;
      const response = await this.inner.makeRequest(...args);
      if (response.getStatusCode() !== 429 || !current?.budget || attempt >= RATE_LIMITED_RETRIES) return response;
      await response.toJSON().catch(() => undefined);
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }
}

/**
 * Hands out request slots evenly spaced, a little over 1/perSecond apart, so no sliding second ever holds more than
 * `perSecond` (a fixed-window limiter lets a burst straddle two windows at twice the rate; this is why it is
 * written here rather than taken from rate-limiter-flexible).
 */
function evenlySpaced(perSecond: number): () => Promise<void> {
  const gapMs = (1000 / perSecond) * 1.05;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await sleep(at - now);
  };
}
