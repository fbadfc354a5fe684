import "server-only";
import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { log } from "@/lib/log";

const globalForPools = globalThis as unknown as { tollgateRawPools?: Map<string, pg.Pool> };

/**
 * A plain node-postgres pool beside Prisma, for the webhook's hot paths (storing an event: measured under a steady
 * 200 events/s, Prisma's client added tens to hundreds of milliseconds at the 99th percentile to the same SQL; and the
 * worker's reads and writes of the event rows) and for session-level advisory locks, which need one connection held
 * throughout.
 */
export function rawPool(): pg.Pool {
  const url = requireDatabaseUrl();
  const pools = (globalForPools.tollgateRawPools ??= new Map());
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 60_000 });
    pool.on("error", (err: Error) => log().error(`db: idle connection error: ${err.message}`));
    pools.set(url, pool);
  }
  return pool;
}
