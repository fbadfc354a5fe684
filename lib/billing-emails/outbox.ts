import "server-only";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BillingEmailKind } from "./kinds";

export const BILLING_EMAIL_TASK = "billing_email";
/**
 * Attempts the queue allows one job. A refused send is not a failed job (the task schedules its own retry), so these
 * are for a worker that died holding it: the queue counts that run as an attempt, and one attempt would lose the email.
 */
const EMAIL_JOB_ATTEMPTS = 5;

/**
 * graphile-worker runs the numerically lowest priority first; Stripe's events run at 0. An email waits behind a
 * backlog of events: during a renewal wave or after an outage the mirror of what customers paid catches up first,
 * and the emails about it follow seconds later instead of slowing the drain down.
 */
const EMAIL_JOB_PRIORITY = 10;

/** Queues the job that sends email `id`, in the caller's transaction; `delaySeconds` for a retry. */
export async function queueEmailJob(tx: Prisma.TransactionClient, id: string, delaySeconds = 0): Promise<void> {
  await tx.$executeRaw`select graphile_worker.add_job(${BILLING_EMAIL_TASK}::text, json_build_object('id', ${id}::text),
    run_at => now() + make_interval(secs => ${delaySeconds}::float8), max_attempts => ${EMAIL_JOB_ATTEMPTS}::int,
    priority => ${EMAIL_JOB_PRIORITY}::int)`;
}

export type BillingEmailRecord = { kind: BillingEmailKind; causeKey: string; orgId: string; data: Prisma.InputJsonValue };

/**
 * Records a billing email in the caller's transaction, with the job that sends it: a rolled-back change sends
 * nothing, a committed one always sends. The same (kind, causeKey) is recorded once, whatever redelivers it.
 */
export async function recordBillingEmail(tx: Prisma.TransactionClient, email: BillingEmailRecord): Promise<boolean> {
  if (env().BILLING_EMAILS === "off") return false;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    insert into "BillingEmail" ("id", "kind", "causeKey", "orgId", "data", "updatedAt")
    values (gen_random_uuid()::text, ${email.kind}, ${email.causeKey}, ${email.orgId}, ${JSON.stringify(email.data)}::jsonb, now())
    on conflict ("kind", "causeKey") do nothing
    returning "id"`;
  const id = inserted[0]?.id;
  if (!id) return false;
  await queueEmailJob(tx, id);
  return true;
}
