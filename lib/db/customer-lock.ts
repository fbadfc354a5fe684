import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { lockPool } from "@/lib/db/raw-pool";

const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `work` holding a PostgreSQL advisory lock for one Stripe customer, across processes.
 * The worker processes a customer's events under it, and an admin's change (a Stripe call,
 * then the local sync) runs under it too, so the webhook of that change can't be applied in
 * between: the change is recorded once, attributed to the admin. Re-entrant within a call chain.
 */
export async function withCustomerLock<T>(customerId: string | null | undefined, work: () => Promise<T>): Promise<T> {
  if (!customerId || held.getStore()?.has(customerId)) return work();
  const key = `stripe-customer:${customerId}`;
  const client = await lockPool().connect();
  try {
    await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]);
    return await held.run(new Set([...(held.getStore() ?? []), customerId]), work);
  } finally {
    // A connection whose unlock failed may still hold the lock: end it (which releases the lock) rather than pool it.
    const unlocked = await client.query("select pg_advisory_unlock(hashtextextended($1, 0)) as ok", [key]).then(
      (r) => r.rows[0]?.ok === true,
      () => false,
    );
    client.release(unlocked ? undefined : true);
  }
}
