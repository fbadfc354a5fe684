import "server-only";
import pLimit from "p-limit";
import Stripe from "stripe";
import { causedBySystem, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { requireStripe } from "@/lib/stripe/client";
import { METER_EVENTS_TASK, queueMeterSender } from "./meter-event-outbox";

/** Events one sender claims at a time, and how many of their requests are in flight at once. */
const BATCH = 500;
const IN_FLIGHT = 16;
/** How long a sender that just sent waits before looking for more. */
const LINGER_MS = 1000;
/**
 * Stripe deduplicates a meter event's identifier for 24 hours. A send whose answer never came (a timeout, a worker
 * killed after sending) is repeated only well inside that; past it a repeat could be counted twice, so the event
 * waits, unconfirmed, for the reconcile to decide from Stripe's summaries.
 */
const RESEND_WITHIN_MS = 20 * 3600_000;

type Claimed = { id: string; occurredAt: Date; value: number; firstSentAt: Date; attempts: number };
type Outcome = { id: string; result: "sent" | "rejected" | "failed"; error?: string };

export type MeterSend = { sent: number; rejected: number; unconfirmed: number; failed: number };

/** Claims up to BATCH of the org's pending events no other sender holds, noting the attempt before anything is sent. */
async function claim(orgId: string): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    update "MeterEvent" e set "claimedUntil" = now() + make_interval(secs => ${env().METER_EVENT_CLAIM_SECONDS}),
      "attempts" = e."attempts" + 1, "firstSentAt" = coalesce(e."firstSentAt", now())
    where e."id" in (
      select "id" from "MeterEvent"
      where "orgId" = ${orgId} and "status" = 'pending' and ("claimedUntil" is null or "claimedUntil" < now())
      order by "createdAt" limit ${BATCH} for update skip locked
    )
    returning e."id", e."occurredAt", e."value", e."firstSentAt", e."attempts"`;
}

/**
 * What Stripe's answer means for the event. A duplicate identifier is Stripe saying it has the event (an earlier send
 * whose answer was lost); any other refusal of the request itself is for good; no answer, a 429 or a 5xx is tried again.
 */
function outcomeOf(id: string, err: unknown): Outcome {
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    if (err.param === "identifier") return { id, result: "sent" };
    return { id, result: "rejected", error: err.message };
  }
  return { id, result: "failed", error: err instanceof Error ? err.message : String(err) };
}

async function send(event: Claimed, eventName: string, customer: string): Promise<Outcome> {
  try {
    await requireStripe().billing.meterEvents.create(
      {
        event_name: eventName,
        identifier: event.id,
        timestamp: Math.floor(event.occurredAt.getTime() / 1000),
        payload: { stripe_customer_id: customer, value: String(event.value) },
      },
      { idempotencyKey: `meter-event:${event.id}` },
    );
    return { id: event.id, result: "sent" };
  } catch (err) {
    return outcomeOf(event.id, err);
  }
}

/** Writes what Stripe answered: acknowledged, refused for good (audited as not billed), or free for the next try. */
async function record(orgId: string, outcomes: Outcome[]): Promise<void> {
  const ids = (result: Outcome["result"]) => outcomes.filter((o) => o.result === result).map((o) => o.id);
  const sent = ids("sent");
  if (sent.length)
    await db.meterEvent.updateMany({
      where: { id: { in: sent } },
      data: { status: "sent", acknowledgedAt: new Date(), claimedUntil: null, lastError: null },
    });
  const rejected = outcomes.filter((o) => o.result === "rejected");
  for (const o of rejected)
    await db.$transaction(async (tx) => {
      await tx.meterEvent.update({ where: { id: o.id }, data: { status: "rejected", claimedUntil: null, lastError: o.error } });
      await writeAudit(tx, {
        orgId,
        kind: "mismatch",
        action: "usage.meter_event_rejected",
        cause: causedBySystem(METER_EVENTS_TASK),
        after: { event: o.id, reason: o.error },
        note: "Stripe refused this run's meter event, so the run is not on an invoice.",
      });
    });
  const failed = outcomes.filter((o) => o.result === "failed");
  if (failed.length)
    await db.meterEvent.updateMany({
      where: { id: { in: failed.map((o) => o.id) } },
      data: { claimedUntil: null, lastError: failed[0]!.error },
    });
}

/**
 * The meter_events job: sends the org's pending meter events to Stripe, each under its identifier (and an idempotency
 * key of it), so a repeat within Stripe's window is the same event. Nothing is sent twice past that window: an
 * event first tried longer ago than RESEND_WITHIN_MS is marked unconfirmed instead. A failure to reach Stripe leaves
 * the events pending and fails the job, which the queue retries with backoff; the org's drain row stays meanwhile, so
 * runs recorded during an outage queue nothing more. A pass that sent something looks again a second later; one that
 * finds nothing removes the drain row, then looks once more: an event committed before the removal is sent now, one
 * committed after it has queued the next job.
 */
export async function sendMeterEvents(orgId: string): Promise<MeterSend> {
  const totals: MeterSend = { sent: 0, rejected: 0, unconfirmed: 0, failed: 0 };
  const [org, meter] = await Promise.all([
    db.organization.findUnique({ where: { id: orgId }, select: { stripeCustomerId: true } }),
    db.billingMeter.findUnique({ where: { code: "runs" }, select: { eventName: true } }),
  ]);
  if (!org?.stripeCustomerId || !meter) throw new Error(`meter events of org ${orgId} wait for its Stripe customer and the runs meter`);
  const limit = pLimit(IN_FLIGHT);
  for (let idle = 0; ;) {
    const batch = await claim(orgId);
    if (batch.length === 0) {
      const left = await pendingState(orgId);
      if (left === "none") {
        // Runs are still arriving (this pass sent some): look again in a moment, keeping the drain row, so a stream
        // of runs costs a job a second rather than one every few runs. A pass that finds nothing lets the row go.
        if (totals.sent + totals.rejected + totals.unconfirmed > 0) {
          await queueMeterSender(db, orgId, new Date(Date.now() + LINGER_MS));
          return totals;
        }
        await db.meterEventDrain.deleteMany({ where: { orgId } });
        if ((await pendingState(orgId)) === "none") return totals;
        continue;
      }
      // Another sender holds the rest (or held it and died): look again once its claim runs out.
      if (left === "claimable" && ++idle < 3) continue;
      await queueMeterSender(db, orgId, left === "claimable" ? new Date() : new Date(left.getTime() + 1000));
      return totals;
    }
    const stale = batch.filter((e) => Date.now() - e.firstSentAt.getTime() > RESEND_WITHIN_MS && e.attempts > 1);
    if (stale.length) {
      await db.meterEvent.updateMany({
        where: { id: { in: stale.map((e) => e.id) } },
        data: { status: "unconfirmed", claimedUntil: null },
      });
      totals.unconfirmed += stale.length;
      log().warn({ orgId, events: stale.length }, "meter events unconfirmed: first sent too long ago to send again safely");
    }
    const toSend = batch.filter((e) => !stale.includes(e));
    const outcomes = await Promise.all(toSend.map((e) => limit(() => send(e, meter.eventName, org.stripeCustomerId!))));
    await record(orgId, outcomes);
    for (const o of outcomes) totals[o.result]++;
    if (totals.failed) throw new Error(`${totals.failed} meter events not sent: ${outcomes.find((o) => o.result === "failed")!.error}`);
  }
}

/** Whether the org has pending events: none, some no sender holds, or all held until the returned time. */
async function pendingState(orgId: string): Promise<"none" | "claimable" | Date> {
  const [row] = await db.$queryRaw<{ pending: number; free: number; until: Date | null }[]>`
    select count(*)::int as "pending",
      count(*) filter (where "claimedUntil" is null or "claimedUntil" < now())::int as "free",
      min("claimedUntil") as "until"
    from "MeterEvent" where "orgId" = ${orgId} and "status" = 'pending'`;
  if (!row || row.pending === 0) return "none";
  return row.free > 0 ? "claimable" : row.until!;
}

/**
 * Queues a sender for each org whose drain row says one is due but none is queued: its job used up its attempts
 * (Stripe away for days) or died with its worker. A job already queued (waiting out a backoff) is left as it is.
 */
export async function requeueStrandedSenders(): Promise<{ requeued: number }> {
  const orgs = await db.$queryRaw<{ orgId: string }[]>`
    select d."orgId" from "MeterEventDrain" d
    where d."createdAt" < now() - interval '1 minute'
      and not exists (
        select 1 from graphile_worker.jobs j
        where j.key = ${`${METER_EVENTS_TASK}:`}::text || d."orgId" and j.attempts < j.max_attempts
      )`;
  for (const { orgId } of orgs) await queueMeterSender(db, orgId, new Date());
  return { requeued: orgs.length };
}
