import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { recordStripeOutcome, stripeBreakerAllows } from "./breaker";

type Scope = { calls: number; budget: (() => Promise<void>) | null };

const scope = new AsyncLocalStorage<Scope>();

/** 429 answers a budgeted request waits out before giving the 429 to its caller. */
const RATE_LIMITED_RETRIES = 6;

/**
 * Runs `work` as background work: every HTTP request it makes to Stripe (retries included) is counted, keeps the
 * SDK's long timeout (80 s, retried with backoff) and, with `perSecond`, is held to that rate, a 429 being waited
 * out with backoff. Work outside a scope is interactive (a person is waiting): its requests give up after
 * STRIPE_INTERACTIVE_TIMEOUT_MS an attempt and are refused at once while the circuit breaker is open.
 */
export async function inStripeWorkScope<T>(options: { perSecond?: number }, work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const budget = options.perSecond ? evenlySpaced(options.perSecond) : null;
  const state: Scope = { calls: 0, budget };
  const result = await scope.run(state, work);
  return { result, calls: state.calls };
}

export function isBackgroundWork(): boolean {
  return scope.getStore() !== undefined;
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
    if (!current) {
      if (!stripeBreakerAllows()) throw breakerOpenError();
      args[7] = Math.min(args[7], env().STRIPE_INTERACTIVE_TIMEOUT_MS);
    }
    for (let attempt = 0; ; attempt++) {
      if (current?.budget) await current.budget();
      if (current) current.calls++;
      const response = await this.answered(...args);
      if (response.getStatusCode() !== 429 || !current?.budget || attempt >= RATE_LIMITED_RETRIES) return response;
      await response.toJSON().catch(() => undefined);
      await sleep(Math.min(8_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }

  /** One request; its outcome (an answer below 500, or not) feeds the breaker. */
  private async answered(...args: Parameters<Stripe.HttpClient["makeRequest"]>): Promise<Stripe.HttpClientResponse> {
    try {
      const response = await this.inner.makeRequest(...args);
      recordStripeOutcome(response.getStatusCode() < 500);
      return response;
    } catch (err) {
      recordStripeOutcome(false);
      throw err;
    }
  }
}

/**
 * Hands out request slots evenly spaced, a quarter over 1/perSecond apart, so no sliding second ever holds more than
 * `perSecond` (a fixed-window limiter lets a burst straddle two windows at twice the rate; this is why it is
 * written here rather than taken from rate-limiter-flexible). Stripe counts requests when they arrive, and one
 * request can take longer on its way than the next (a busy event loop, the network): 5 % of headroom let six arrive
 * within a second on a loaded machine, so the gap leaves room for a quarter of a slot of such jitter.
 */
function evenlySpaced(perSecond: number): () => Promise<void> {
  const gapMs = (1000 / perSecond) * 1.25;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await sleep(at - now);
  };
}

function breakerOpenError(): Error {
  return Object.assign(new Error("Stripe has not been answering; not trying again until the breaker's cool-down has passed."), {
    code: "ECONNREFUSED",
  });
}
