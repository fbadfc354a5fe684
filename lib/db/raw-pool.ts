import "server-only";
import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { log } from "@/lib/log";

type PoolKind = "statements" | "locks";
const globalForPools = globalThis as unknown as { tollgateRawPools?: Map<string, pg.Pool> };

function poolFor(kind: PoolKind): pg.Pool {
  const url = requireDatabaseUrl();
  const pools = (globalForPools.tollgateRawPools ??= new Map());
  const key = `${kind} ${url}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 60_000 });
    pool.on("error", (err: Error) => log().error(`db: idle connection error: ${err.message}`));
    pools.set(key, pool);
  }
  return pool;
}

/**
 * A plain node-postgres pool beside Prisma, for the webhook's hot paths: storing an event (measured under a steady
 * 200 events/s, Prisma's client added tens to hundreds of milliseconds at the 99th percentile to the same SQL) and the
 * worker's reads and writes of the event rows.
 */
export function rawPool(): pg.Pool {
  return poolFor("statements");
}

/**
 * Connections held for session-level advisory locks, a pool of their own: callers waiting for a lock each hold one,
 * and if they shared a pool with the statements the lock's holder runs, ten waiters would leave the holder no
 * connection, and nobody would ever move.
 */
export function lockPool(): pg.Pool {
  return poolFor("locks");
}
