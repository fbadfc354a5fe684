import pg from "pg";

/** Anything the emulator keeps: Stripe objects, and its own records (object types starting with "emulator."). */
export type Stored = { id: string; object: string; created?: number; [key: string]: unknown };

type Row = { id: string; type: string; seq: string; data: Stored };

/**
 * All state lives in memory for speed and is written through to PostgreSQL
 * before a request is answered, so it survives restarts. Writes happen in
 * transactions that run one at a time: a request that fails changes nothing.
 * Persistence is group-committed: one PostgreSQL transaction writes whatever
 * every waiting request changed, and each answer waits for its own writes.
 */
export class Store {
  private readonly objects = new Map<string, Stored>();
  private readonly order = new Map<string, number>();
  private readonly byType = new Map<string, Set<string>>();
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = new Map<string, { obj: Stored | null; seq: number }>();
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private broken: unknown = null;

  private constructor(private readonly pool: pg.Pool | null) {}

  /** A store persisted in `databaseUrl`, or only in memory when null. */
  static async open(databaseUrl: string | null): Promise<Store> {
    const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 4 }) : null;
    const store = new Store(pool);
    if (pool) {
      await pool.query(`create table if not exists emulator_objects (
        id text primary key, type text not null, seq bigint not null, data jsonb not null)`);
      const { rows } = await pool.query<Row>("select id, type, seq, data from emulator_objects order by seq");
      for (const row of rows) store.index(row.data, Number(row.seq));
    }
    return store;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => {});
    while (this.flushing) await this.flushing;
    await this.pool?.end();
  }

  get<T extends Stored = Stored>(id: string): T | undefined {
    return this.objects.get(id) as T | undefined;
  }

  /** Objects of a type, newest first (Stripe's list order). */
  all<T extends Stored = Stored>(type: string): T[] {
    const ids = [...(this.byType.get(type) ?? [])];
    ids.sort((a, b) => this.order.get(b)! - this.order.get(a)!);
    return ids.map((id) => this.objects.get(id) as T);
  }

  /** Runs `work` alone; its writes are applied only if it returns, and the promise settles once they are durable. */
  transact<T>(work: (tx: Tx) => T | Promise<T>): Promise<T> {
    let durable: Promise<void> = Promise.resolve();
    const run = async () => {
      if (this.broken) throw new Error("the emulator's database stopped accepting writes; restart it");
      const tx = new Tx(this);
      const result = await work(tx);
      durable = this.apply(tx);
      return result;
    };
    const applied = this.queue.then(run, run);
    this.queue = applied.catch(() => {});
    return applied.then(async (result) => {
      await durable;
      return result;
    });
  }

  private index(obj: Stored, seq: number): void {
    this.objects.set(obj.id, obj);
    this.order.set(obj.id, seq);
    this.seq = Math.max(this.seq, seq);
    let set = this.byType.get(obj.object);
    if (!set) this.byType.set(obj.object, (set = new Set()));
    set.add(obj.id);
  }

  /** Makes a transaction's writes visible at once and queues them for the next group commit. */
  private apply(tx: Tx): Promise<void> {
    const written: [Stored, number][] = [];
    for (const [id, obj] of tx.writes) {
      if (obj === null) continue;
      written.push([obj, this.order.get(id) ?? ++this.seq]);
    }
    for (const [obj, seq] of written) {
      this.index(structuredClone(obj), seq);
      this.pending.set(obj.id, { obj: this.objects.get(obj.id)!, seq });
    }
    for (const id of tx.deletes) {
      const old = this.objects.get(id);
      if (old) this.byType.get(old.object)?.delete(id);
      this.objects.delete(id);
      this.order.delete(id);
      this.pending.set(id, { obj: null, seq: 0 });
    }
    const durable =
      this.pool && this.pending.size > 0
        ? new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }))
        : Promise.resolve();
    if (this.pool) this.flushSoon();
    return durable.then(() => tx.afterCommit.forEach((hook) => hook()));
  }

  private flushSoon(): void {
    if (this.flushing || this.pending.size === 0) return;
    const batch = this.pending;
    const waiters = this.waiters;
    this.pending = new Map();
    this.waiters = [];
    this.flushing = this.write(batch)
      .then(
        () => waiters.forEach((w) => w.resolve()),
        (err) => {
          this.broken = err;
          waiters.forEach((w) => w.reject(err));
        },
      )
      .finally(() => {
        this.flushing = null;
        this.flushSoon();
      });
  }

  private async write(batch: Map<string, { obj: Stored | null; seq: number }>): Promise<void> {
    const client = await this.pool!.connect();
    try {
      await client.query("begin");
      const upserts = [...batch.entries()].filter(([, v]) => v.obj !== null);
      const deletes = [...batch.entries()].filter(([, v]) => v.obj === null).map(([id]) => id);
      if (upserts.length > 0) {
        await client.query(
          `insert into emulator_objects (id, type, seq, data)
           select * from unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[])
           on conflict (id) do update set data = excluded.data, type = excluded.type`,
          [
            upserts.map(([id]) => id),
            upserts.map(([, v]) => v.obj!.object),
            upserts.map(([, v]) => v.seq),
            upserts.map(([, v]) => JSON.stringify(v.obj)),
          ],
        );
      }
      if (deletes.length > 0) await client.query("delete from emulator_objects where id = any($1)", [deletes]);
      await client.query("commit");
    } catch (err) {
      await client.query("rollback").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}

/** A unit of work: reads see its own writes; nothing is visible to others until it commits. */
export class Tx {
  readonly writes = new Map<string, Stored | null>();
  readonly deletes = new Set<string>();
  readonly afterCommit: (() => void)[] = [];

  constructor(private readonly store: Store) {}

  get<T extends Stored = Stored>(id: string): T | undefined {
    if (this.writes.has(id)) return (this.writes.get(id) ?? undefined) as T | undefined;
    const found = this.store.get<T>(id);
    return found ? structuredClone(found) : undefined;
  }

  put<T extends Stored>(obj: T): T {
    this.writes.set(obj.id, obj);
    this.deletes.delete(obj.id);
    return obj;
  }

  delete(id: string): void {
    this.writes.set(id, null);
    this.deletes.add(id);
  }

  /**
   * Objects of a type as this transaction sees them, newest first, as copies the caller may change and put. `where`
   * is tested before copying: with thousands of objects of a type, copying only the matches is what keeps a request
   * fast.
   */
  all<T extends Stored = Stored>(type: string, where?: (obj: Readonly<T>) => boolean): T[] {
    return this.view<T>(type, where).map((obj) => (this.writes.get(obj.id) === obj ? obj : structuredClone(obj)) as T);
  }

  /** Like all(), without the copies: for reading only (a list's page is copied by listObject). */
  view<T extends Stored = Stored>(type: string, where?: (obj: Readonly<T>) => boolean): Readonly<T>[] {
    const result: T[] = [];
    const wanted = (obj: T) => !where || where(obj);
    for (const obj of [...this.writes.values()].reverse()) {
      if (obj && obj.object === type && !this.store.get(obj.id) && wanted(obj as T)) result.push(obj as T);
    }
    for (const obj of this.store.all<T>(type)) {
      const own = this.writes.get(obj.id);
      if (own === undefined) {
        if (wanted(obj)) result.push(obj);
      } else if (own && wanted(own as T)) result.push(own as T);
    }
    return result;
  }

  onCommit(hook: () => void): void {
    this.afterCommit.push(hook);
  }
}
