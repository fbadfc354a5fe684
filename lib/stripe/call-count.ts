import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type Stripe from "stripe";
import { requireStripe } from "./client";

const scope = new AsyncLocalStorage<{ calls: number }>();
const counted = new WeakSet<Stripe>();

/** Runs `work` and counts the Stripe API requests it makes (retries included), whatever else the process does meanwhile. */
export async function countingStripeCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const stripe = requireStripe();
  if (!counted.has(stripe)) {
    stripe.on("request", () => {
      const counter = scope.getStore();
      if (counter) counter.calls++;
    });
    counted.add(stripe);
  }
  const counter = { calls: 0 };
  const result = await scope.run(counter, work);
  return { result, calls: counter.calls };
}
