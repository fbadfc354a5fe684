import "server-only";
import { writeAudit, type AuditAction, type AuditCause } from "@/lib/audit/billing-audit";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The parts of a subscription whose changes the audit log records. */
export type Snapshot = {
  status: string;
  planCode: string;
  interval: string;
  quantity: number;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
};

export function snapshot(s: {
  status: string;
  planCode: string;
  interval: string;
  quantity: number;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
}): Snapshot {
  return {
    status: s.status,
    planCode: s.planCode,
    interval: s.interval,
    quantity: s.quantity,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    trialEnd: s.trialEnd?.toISOString() ?? null,
  };
}

export const snapshotsDiffer = (a: Snapshot, b: Snapshot) => JSON.stringify(a) !== JSON.stringify(b);

/** One audit entry per real transition between two snapshots (created, status, plan or interval, seats, cancellation). */
export async function auditSubscriptionChange(
  tx: Prisma.TransactionClient,
  orgId: string,
  before: Snapshot | null,
  after: Snapshot,
  subscriptionId: string,
  cause: AuditCause,
  /** What the customer said when cancelling (Stripe's cancellation_details), kept on the entry that records it. */
  cancelReason: string | null = null,
) {
  const entry = (action: AuditAction, b: Partial<Snapshot> | null, a: Partial<Snapshot>) =>
    writeAudit(tx, { orgId, action, cause, before: b, after: { ...a, subscription: subscriptionId } });
  if (!before) {
    await entry("subscription.created", null, after);
    if (after.status === "trialing") await entry("trial.started", null, { trialEnd: after.trialEnd });
    return;
  }
  if (before.status !== after.status) await entry("subscription.status_changed", { status: before.status }, { status: after.status });
  if (before.planCode !== after.planCode || before.interval !== after.interval) {
    await entry(
      "subscription.plan_changed",
      { planCode: before.planCode, interval: before.interval },
      { planCode: after.planCode, interval: after.interval },
    );
  }
  if (before.quantity !== after.quantity)
    await entry("subscription.seats_changed", { quantity: before.quantity }, { quantity: after.quantity });
  if (before.cancelAtPeriodEnd !== after.cancelAtPeriodEnd) {
    await entry(
      after.cancelAtPeriodEnd ? "subscription.cancel_scheduled" : "subscription.cancel_undone",
      { cancelAtPeriodEnd: before.cancelAtPeriodEnd },
      { cancelAtPeriodEnd: after.cancelAtPeriodEnd, ...(after.cancelAtPeriodEnd && cancelReason ? { reason: cancelReason } : {}) },
    );
  }
}
