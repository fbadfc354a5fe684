import "server-only";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { backgroundRequestsPerSecond, requireStripe } from "@/lib/stripe/client";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import { emptyCounts, FINDINGS_KEPT } from "./findings";
import { replayMissedEvents } from "./missed-events";
import { mismatchOnce, reconcileOrg, type ReconcileContext } from "./reconcile-org";

/** How far back a run looks when not told: Stripe keeps events for 30 days. */
const DEFAULT_WINDOW_MS = 30 * 86_400_000;

export type Progress = (done: number, total: number) => void;

/**
 * One reconcile run: replays the events Stripe could not deliver, then compares every org with a Stripe customer
 * (or the one the run names) and repairs what is safe to; on a full run, also finds Stripe customers whose org is
 * gone. Every repair and mismatch is an audit entry caused by `system:reconcile:<run>`. A run right after a
 * clean one finds nothing and writes nothing.
 */
export async function runReconcile(runId: string, options: { progress?: Progress; perSecond?: number } = {}): Promise<void> {
  const run = await db.reconcileRun.update({ where: { id: runId }, data: { status: "running", startedAt: new Date() } });
  const ctx: ReconcileContext = {
    cause: causedBySystem(`reconcile:${runId}`),
    since: run.since ?? new Date(Date.now() - DEFAULT_WINDOW_MS),
    findings: [],
    counts: emptyCounts(),
  };
  try {
    const { calls } = await inStripeWorkScope({ perSecond: options.perSecond ?? backgroundRequestsPerSecond() }, async () => {
      ctx.counts.eventsReplayed = await replayMissedEvents(ctx.since);
      const orgs = await db.organization.findMany({
        where: { stripeCustomerId: { not: null }, ...(run.orgId ? { id: run.orgId } : {}) },
        select: { id: true, stripeCustomerId: true },
        orderBy: { createdAt: "asc" },
      });
      for (const [i, org] of orgs.entries()) {
        await reconcileOrg({ id: org.id, stripeCustomerId: org.stripeCustomerId! }, ctx);
        ctx.counts.orgsChecked++;
        options.progress?.(i + 1, orgs.length);
      }
      if (!run.orgId) await findOrphanCustomers(ctx);
    });
    ctx.counts.stripeCalls = calls;
    await finish(runId, "succeeded", ctx);
  } catch (err) {
    log().error({ err, runId }, "reconcile run failed");
    await finish(runId, "failed", ctx, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** Stripe customers that name a Tollgate org (metadata orgId) that no longer exists. */
async function findOrphanCustomers(ctx: ReconcileContext): Promise<void> {
  for await (const customer of requireStripe().customers.list({ limit: 100 })) {
    const orgId = customer.metadata?.orgId;
    if (!orgId) continue;
    ctx.counts.objectsCompared++;
    if (await db.organization.findUnique({ where: { id: orgId }, select: { id: true } })) continue;
    await mismatchOnce(
      ctx,
      null,
      "reconcile.customer_without_org",
      ["customer", customer.id],
      { orgId },
      "A Stripe customer names an organization that no longer exists in Tollgate; cancel its subscriptions in Stripe if any remain.",
    );
  }
}

async function finish(runId: string, status: "succeeded" | "failed", ctx: ReconcileContext, error?: string): Promise<void> {
  await db.reconcileRun.update({
    where: { id: runId },
    data: {
      status,
      finishedAt: new Date(),
      counts: ctx.counts,
      findings: ctx.findings.slice(0, FINDINGS_KEPT) as Prisma.InputJsonValue[],
      error: error ?? null,
    },
  });
}
