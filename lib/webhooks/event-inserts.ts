import "server-only";
import { rawPool } from "@/lib/db/raw-pool";

export type EventRow = {
  id: string;
  type: string;
  stripeCreatedAt: Date;
  livemode: boolean;
  customerId: string | null;
  payload: string;
  /** Tollgate handles its type: stored pending for the worker; otherwise stored as processed. */
  handled: boolean;
};

type Waiting = { row: EventRow; resolve(stored: boolean): void; reject(err: unknown): void };

/** Inserts running at once; rows arriving meanwhile wait and go in together with the next one. */
const MAX_IN_FLIGHT = 4;
const MAX_ROWS = 500;
let waiting: Waiting[] = [];
let inFlight = 0;

/**
 * Stores an event row unless one with its id is stored already; true when this call stored it. A lone row is one
 * INSERT at once. Under load (Stripe's bursts), rows that arrive while inserts are running wait for the next free one
 * and go in together, one statement and one commit for all of them: a group commit, so acknowledging a burst costs
 * PostgreSQL a transaction per batch instead of per event. Hand-written: no library batches by what is in flight.
 */
export function insertEventRow(row: EventRow): Promise<boolean> {
  return new Promise((resolve, reject) => {
    waiting.push({ row, resolve, reject });
    if (inFlight < MAX_IN_FLIGHT) void flush();
  });
}

async function flush(): Promise<void> {
  const batch = waiting.slice(0, MAX_ROWS);
  waiting = waiting.slice(MAX_ROWS);
  if (batch.length === 0) return;
  inFlight++;
  try {
    await insertBatch(batch);
  } finally {
    inFlight--;
    if (waiting.length > 0) void flush();
  }
}

async function insertBatch(batch: Waiting[]): Promise<void> {
  try {
    const stored = await insertRows(batch.map((w) => w.row));
    // One delivery stores the event; any other in the same batch with its id is a duplicate, as it would be later.
    for (const w of batch) w.resolve(stored.delete(w.row.id));
  } catch (err) {
    if (batch.length === 1) return batch[0]!.reject(err);
    // One row PostgreSQL refuses must not fail the others: each goes in alone.
    await Promise.all(batch.map((w) => insertBatch([w])));
  }
}

async function insertRows(rows: EventRow[]): Promise<Set<string>> {
  const now = new Date();
  const { rows: inserted } = await rawPool().query<{ id: string }>(
    `insert into "StripeEvent" ("id", "type", "stripeCreatedAt", "livemode", "customerId", "payload", "status", "processedAt")
     select id, type, created, livemode, customer, payload::jsonb, status::"StripeEventStatus", processed
     from unnest($1::text[], $2::text[], $3::timestamptz[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       as r(id, type, created, livemode, customer, payload, status, processed)
     on conflict ("id") do nothing
     returning "id"`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.type),
      rows.map((r) => r.stripeCreatedAt),
      rows.map((r) => r.livemode),
      rows.map((r) => r.customerId),
      rows.map((r) => r.payload),
      rows.map((r) => (r.handled ? "pending" : "processed")),
      rows.map((r) => (r.handled ? null : now)),
    ],
  );
  return new Set(inserted.map((r) => r.id));
}
