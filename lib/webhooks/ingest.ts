import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { customerOfEvent, queueForCustomer } from "./event-customer";
import { verifyStripeSignature } from "./verify-signature";

export const PROCESS_EVENT_TASK = "stripe_event";

export type IngestResult = { eventId: string; duplicate: boolean; requeued: boolean };

/** The queue job that processes one stored event; the job key keeps at most one pending job per event. */
export function processEventJob(eventId: string, customerId: string | null) {
  return { task: PROCESS_EVENT_TASK, payload: { eventId }, queueName: queueForCustomer(customerId), jobKey: `stripe_event:${eventId}`, maxAttempts: env().WEBHOOK_MAX_ATTEMPTS };
}

/**
 * Verifies a webhook delivery, stores the event and enqueues its processing in
 * one statement, so an acknowledged event is always both stored and queued.
 * A redelivery of a stored event changes nothing, unless that event had
 * exhausted its retries: then it is queued again (Stripe's retry is a second chance).
 */
export async function ingestStripeWebhook(rawBody: string, signature: string | null, nowMs = Date.now()): Promise<IngestResult> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError("payment_system_not_configured", "Webhooks are not configured on this server.");
  const event = verifyStripeSignature(rawBody, signature, secret, nowMs);
  const customerId = customerOfEvent(event);
  const job = processEventJob(event.id, customerId);
  const inserted = await db.$queryRaw<{ id: string }[]>`
    with stored as (
      insert into "StripeEvent" ("id", "type", "stripeCreatedAt", "livemode", "customerId", "payload")
      values (${event.id}, ${event.type}, ${new Date(event.created * 1000)}, ${event.livemode}, ${customerId}, ${rawBody}::jsonb)
      on conflict ("id") do nothing
      returning "id"
    )
    select stored."id", graphile_worker.add_job(${job.task}::text, json_build_object('eventId', stored."id"), ${job.queueName}::text,
      null::timestamptz, ${job.maxAttempts}::int, ${job.jobKey}::text) is not null as queued
    from stored`;
  if (inserted.length > 0) return { eventId: event.id, duplicate: false, requeued: false };
  return { eventId: event.id, duplicate: true, requeued: await requeueIfFailed(event) };
}

async function requeueIfFailed(event: Stripe.Event): Promise<boolean> {
  const job = processEventJob(event.id, customerOfEvent(event));
  const rows = await db.$queryRaw<unknown[]>`
    with reset as (
      update "StripeEvent" set "status" = 'pending', "attempts" = 0, "lastError" = null
      where "id" = ${event.id} and "status" = 'failed'
      returning "id"
    )
    select graphile_worker.add_job(${job.task}::text, json_build_object('eventId', reset."id"), ${job.queueName}::text,
      null::timestamptz, ${job.maxAttempts}::int, ${job.jobKey}::text) from reset`;
  return rows.length > 0;
}

