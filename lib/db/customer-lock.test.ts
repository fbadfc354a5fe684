import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lockPool, rawPool } from "@/lib/db/raw-pool";
import { requireDatabaseUrl } from "@/lib/env";
import { withCustomerLock } from "./customer-lock";

/** Whether another session could take the customer's lock right now (and gives it back if so). */
async function lockIsFree(customerId: string): Promise<boolean> {
  const other = new pg.Client({ connectionString: requireDatabaseUrl() });
  await other.connect();
  try {
    const key = `stripe-customer:${customerId}`;
    const { rows } = await other.query("select pg_try_advisory_lock(hashtextextended($1, 0)) as ok", [key]);
    if (rows[0].ok) await other.query("select pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    return rows[0].ok as boolean;
  } finally {
    await other.end();
  }
}

async function waitingForLocks(): Promise<number> {
  const other = new pg.Client({ connectionString: requireDatabaseUrl() });
  await other.connect();
  try {
    const { rows } = await other.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted");
    return rows[0].n as number;
  } finally {
    await other.end();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("the per-customer lock", () => {
  it("is held while the work runs and free afterwards", async () => {
    const during = await withCustomerLock("cus_lock_ok", () => lockIsFree("cus_lock_ok"));
    expect(during).toBe(false);
    expect(await lockIsFree("cus_lock_ok")).toBe(true);
  });

  it("ends a connection whose unlock failed rather than pooling it with the lock still held", async () => {
    const pool = lockPool();
    const connect = pool.connect.bind(pool);
    vi.spyOn(pool, "connect").mockImplementation((async () => {
      const client = await connect();
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      // The unlock is lost on the way (a timeout, a dropped packet): the session still holds the lock.
      client.query = ((text: unknown, ...rest: unknown[]) =>
        String(text).includes("pg_advisory_unlock")
          ? Promise.reject(new Error("connection timeout"))
          : query(text, ...rest)) as typeof client.query;
      return client;
    }) as typeof pool.connect);
    await withCustomerLock("cus_lock_lost", async () => undefined);
    vi.restoreAllMocks();
    await expect.poll(() => lockIsFree("cus_lock_lost"), { timeout: 5_000 }).toBe(true);
  });

  it("lets its holder run statements while more callers wait for it than the pools have connections", async () => {
    let release!: () => void;
    const holding = new Promise<void>((r) => (release = r));
    let holderHasLock!: () => void;
    const locked = new Promise<void>((r) => (holderHasLock = r));
    const holder = withCustomerLock("cus_lock_crowd", async () => {
      holderHasLock();
      await holding;
      // What a worker's job does under the lock: statements on the raw pool.
      return (await rawPool().query<{ n: number }>("select 1 as n")).rows[0]!.n;
    });
    await locked;
    const waiters = Array.from({ length: 12 }, () => withCustomerLock("cus_lock_crowd", async () => "waited"));
    // Most of them are in PostgreSQL, waiting for the lock, each on a connection of its own.
    await vi.waitUntil(() => waitingForLocks().then((n) => n >= 9), { timeout: 5_000, interval: 20 });
    release();
    expect(await holder).toBe(1);
    expect(await Promise.all(waiters)).toEqual(Array(12).fill("waited"));
  });
});
