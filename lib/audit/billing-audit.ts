import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction } from "./actions";

export type { AuditAction } from "./actions";

/** Who or what caused a billing change: a user, a Stripe event, or one of our jobs. */
export type AuditCause = { actor: string; actorUserId?: string; stripeEventId?: string };

export const causedByEvent = (eventId: string): AuditCause => ({ actor: `stripe:${eventId}`, stripeEventId: eventId });
export const causedByUser = (userId: string): AuditCause => ({ actor: `user:${userId}`, actorUserId: userId });
export const causedBySystem = (job: string): AuditCause => ({ actor: `system:${job}` });

export type AuditInput = {
  orgId: string | null;
  action: AuditAction;
  cause: AuditCause;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  kind?: "change" | "mismatch" | "failure";
  note?: string;
};

/** Writes one audit entry; call it with the transaction that makes the change it describes. */
export async function writeAudit(tx: Prisma.TransactionClient, entry: AuditInput): Promise<void> {
  await tx.billingAuditEntry.create({
    data: {
      orgId: entry.orgId,
      kind: entry.kind ?? "change",
      action: entry.action,
      actor: entry.cause.actor,
      actorUserId: entry.cause.actorUserId ?? null,
      stripeEventId: entry.cause.stripeEventId ?? null,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      note: entry.note ?? null,
    },
  });
}
