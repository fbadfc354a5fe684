import "server-only";
import { writeAudit, type AuditAction, type AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import type { Finding, ReconcileCounts } from "./findings";

export type ReconcileContext = { cause: AuditCause; since: Date; findings: Finding[]; counts: ReconcileCounts };

export const unix = (d: Date) => Math.floor(d.getTime() / 1000);

const plainJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/** A repair made from Stripe's state: on the audit log, caused by the run, and among the run's findings. */
export async function repaired(ctx: ReconcileContext, orgId: string, action: AuditAction, detail: Record<string, unknown>): Promise<void> {
  const json = plainJson(detail);
  await db.$transaction((tx) => writeAudit(tx, { orgId, action, cause: ctx.cause, after: json }));
  ctx.findings.push({ orgId, kind: "repaired", action, detail: json });
  ctx.counts.repaired++;
}

/**
 * A disagreement that is not safe to repair by itself, recorded once until an operator resolves it: a later run
 * finds the open entry (matched on `key`) and writes nothing new.
 */
export async function mismatchOnce(
  ctx: ReconcileContext,
  orgId: string | null,
  action: AuditAction,
  key: [string, string],
  detail: Record<string, unknown>,
  note: string,
): Promise<void> {
  const open = await db.billingAuditEntry.count({
    where: { orgId, action, kind: "mismatch", resolvedAt: null, after: { path: [key[0]], equals: key[1] } },
  });
  if (open > 0) return;
  const json = plainJson({ [key[0]]: key[1], ...detail });
  await db.$transaction((tx) => writeAudit(tx, { orgId, kind: "mismatch", action, cause: ctx.cause, after: json, note }));
  ctx.findings.push({ orgId, kind: "mismatch", action, detail: json });
  ctx.counts.mismatches++;
}
