import "server-only";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { BillingEmailKind } from "./render/render";

export const BILLING_EMAIL_TASK = "billing_email";

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
  await tx.$executeRaw`select graphile_worker.add_job(${BILLING_EMAIL_TASK}::text, json_build_object('id', ${id}::text), max_attempts => 1)`;
  return true;
}
