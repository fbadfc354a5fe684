import "server-only";
import type Stripe from "stripe";
import { causedByEvent, writeAudit } from "@/lib/audit/billing-audit";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { inSyncBatch } from "@/lib/billing/sync/sync-batch";
import { db } from "@/lib/db";
import { rawPool } from "@/lib/db/raw-pool";
import { dropJobsOf } from "./enqueue-pending";
import { handleStripeEvent } from "./handlers";
import { withRequestLog } from "@/lib/log";

export type Attempt = { number: number; maxAttempts: number };

/**
 * Processes one stored event (the queue's task). A processed event is never handled again;
 * a failure is recorded on the event and rethrown so the queue retries it with backoff,
 * and the last failure leaves the event `failed` with an audit entry for operators.
 */
export function processStoredEvent(eventId: string, attempt: Attempt): Promise<void> {
  // The event's id is its request id in the worker's logs.
  return withRequestLog(eventId, { attempt: attempt.number }, () => processInScope(eventId, attempt));
}

/** How many of a customer's waiting events one job handles together, this one included. */
const BATCH_LIMIT = 100;

type StoredEvent = {
  id: string;
  type: string;
  customerId: string | null;
  status: "pending" | "processed" | "failed";
  stripeCreatedAt: Date;
  payload: Stripe.Event | null;
};

// The worker's own reads and writes of event rows are plain SQL on the raw pool: every job makes four of them, and
// Prisma's client compiles each query it runs, which was the largest part of the worker's CPU in bench/webhooks.
const EVENT_COLUMNS = `"id", "type", "customerId", "status"::text as "status", "stripeCreatedAt", "payload"`;

async function processInScope(eventId: string, attempt: Attempt): Promise<void> {
  const { rows } = await rawPool().query<Pick<StoredEvent, "customerId" | "status">>(
    `select "customerId", "status"::text as "status" from "StripeEvent" where "id" = $1`,
    [eventId],
  );
  const first = rows[0];
  if (!first || first.status === "processed") return;
  const alsoDone: string[] = [];
  try {
    await withCustomerLock(first.customerId, () =>
      inSyncBatch(async () => {
        for (const stored of await waitingEvents(eventId, first.customerId)) {
          if (stored.id === eventId) await processOne(stored, attempt);
          else if (await handled(stored)) alsoDone.push(stored.id);
        }
      }),
    );
  } finally {
    await markBatchedProcessed(alsoDone);
  }
}

/** A batched event's handling; one that fails stays pending for its own job. */
function handled(stored: StoredEvent): Promise<boolean> {
  return handleStripeEvent(stored.payload!).then(
    () => true,
    () => false,
  );
}

/**
 * The batch's other events are processed: one statement marks them all, and their jobs come off the queue
 * (dropJobsOf) instead of each starting only to find its event done.
 */
async function markBatchedProcessed(eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await rawPool().query(
    `update "StripeEvent" set "status" = 'processed', "processedAt" = now(), "attempts" = "attempts" + 1, "lastError" = null
     where "id" = any($1::text[])`,
    [eventIds],
  );
  await dropJobsOf(eventIds);
}

/**
 * This event and the customer's other events still waiting, newest first, read under the customer's lock. Handling
 * them together lets a burst (a renewal brings half a dozen events about one invoice and one subscription) cost one
 * read of each object; newest first, so what a sync changes is attributed to the latest event that asked for it.
 */
async function waitingEvents(eventId: string, customerId: string | null): Promise<StoredEvent[]> {
  const { rows } = await rawPool().query<StoredEvent>(
    `(select ${EVENT_COLUMNS} from "StripeEvent" where "id" = $1)
     union all
     (select ${EVENT_COLUMNS} from "StripeEvent"
      where $2::text is not null and "customerId" = $2 and "status" = 'pending' and "id" <> $1 and "payload" is not null
      order by "stripeCreatedAt" desc, "id" desc
      limit ${BATCH_LIMIT - 1})`,
    [eventId, customerId],
  );
  const self = rows.find((r) => r.id === eventId);
  // A processed event is done; one without its payload was processed long ago and pruned.
  if (!self || self.status === "processed" || self.payload === null) return [];
  return rows.sort((a, b) => b.stripeCreatedAt.getTime() - a.stripeCreatedAt.getTime() || (a.id < b.id ? 1 : -1));
}

/** Handles the job's own event: a failure is counted and, on the last attempt, kept as failed with an audit entry. */
async function processOne(stored: StoredEvent, attempt: Attempt): Promise<void> {
  try {
    await handleStripeEvent(stored.payload!);
    await rawPool().query(
      `update "StripeEvent" set "status" = 'processed', "processedAt" = now(), "attempts" = $2, "lastError" = null where "id" = $1`,
      [stored.id, attempt.number],
    );
  } catch (err) {
    await recordFailure(stored, attempt, err);
    throw err;
  }
}

async function recordFailure(stored: StoredEvent, attempt: Attempt, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const last = attempt.number >= attempt.maxAttempts;
  await db.$transaction(async (tx) => {
    await tx.stripeEvent.update({
      where: { id: stored.id },
      data: { status: last ? "failed" : "pending", attempts: attempt.number, lastError: message.slice(0, 2000) },
    });
    if (!last) return;
    const org = stored.customerId
      ? await tx.organization.findUnique({ where: { stripeCustomerId: stored.customerId }, select: { id: true } })
      : null;
    await writeAudit(tx, {
      orgId: org?.id ?? null,
      kind: "failure",
      action: "webhook.failed",
      cause: causedByEvent(stored.id),
      after: { type: stored.type, attempts: attempt.number, error: message.slice(0, 500) },
      note: `Processing ${stored.type} failed ${attempt.number} times; the event is kept and a redelivery from Stripe queues it again.`,
    });
  });
}
