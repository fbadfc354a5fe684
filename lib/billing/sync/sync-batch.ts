import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/**
 * Runs `work` as one batch of a customer's waiting events. Every sync re-reads Stripe's current state, so within a
 * batch one read per object is enough: the first event to ask for it (the newest) does the work, and the others
 * reuse its result, failure included (they stay pending and their own jobs try again).
 */
export function inSyncBatch<T>(work: () => Promise<T>): Promise<T> {
  return current.run(new Map(), work);
}

/** `work` once per `key` in the current batch; outside a batch (an admin's change, a reconcile), every time. */
export function onceInBatch<T>(key: string, work: () => Promise<T>): Promise<T> {
  const memo = current.getStore();
  if (!memo) return work();
  const done = memo.get(key);
  if (done) return done as Promise<T>;
  const started = work();
  memo.set(key, started);
  return started;
}
