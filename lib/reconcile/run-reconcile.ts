import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { backgroundRequestsPerSecond } from "@/lib/stripe/client";
import { inStripeWorkScope } from "@/lib/stripe/work-scope";
import type { ReconcileContext } from "./context";
import { checkCreditLedgers } from "./credit-ledgers";
import { customerExists, listAccountCustomers } from "./customers";
import { emptyCounts, FINDINGS_KEPT } from "./findings";
import { reconcileInvoices } from "./invoices";
import { reconcileMeteredUsage } from "./metered-usage";
import { replayMissedEvents } from "./missed-events";
import { accountScope, customerScope, type ReconcileScope } from "./scope";
import { reconcileSubscriptions } from "./subscriptions";
import { reconcileTopUps } from "./top-ups";

/** How far back a run looks when not told: Stripe keeps events for 30 days. */
const DEFAULT_WINDOW_DAYS = 30;

export type Progress = (step: { done: number; total: number; phase: string }) => void;

type LinkedOrg = { id: string; stripeCustomerId: string };

async function reconcileScope(scope: ReconcileScope, ctx: ReconcileContext): Promise<void> {
  await reconcileSubscriptions(scope, ctx);
  await reconcileInvoices(scope, ctx);
  await reconcileTopUps(scope, ctx);
}

/**
 * One reconcile run: replays the events Stripe could not deliver, then compares the orgs with a Stripe customer (or
 * the one the run names) and repairs what is safe to. A full run reads the account's lists once for every org they
 * show, so its Stripe calls grow with the number of objects, a hundred a page, not with orgs times objects; orgs
 * whose customer the account list leaves out (test clocks, or gone) are checked one by one. Every repair and
 * mismatch is an audit entry caused by `system:reconcile:<run>`; a run right after a clean one writes nothing.
 */
export async function runReconcile(runId: string, options: { progress?: Progress; perSecond?: number } = {}): Promise<void> {
  const run = await db.reconcileRun.update({ where: { id: runId }, data: { status: "running", startedAt: new Date() } });
  const ctx: ReconcileContext = {
    cause: causedBySystem(`reconcile:${runId}`),
    since: run.since ?? subDays(new Date(), DEFAULT_WINDOW_DAYS, { in: utc }),
    findings: [],
    counts: emptyCounts(),
  };
  try {
    const { calls } = await inStripeWorkScope({ perSecond: options.perSecond ?? backgroundRequestsPerSecond() }, async () => {
      const orgs = (await db.organization.findMany({
        where: { stripeCustomerId: { not: null }, ...(run.orgId ? { id: run.orgId } : {}) },
        select: { id: true, stripeCustomerId: true },
        orderBy: { createdAt: "asc" },
      })) as LinkedOrg[];
      const steps = new Steps(options.progress);
      steps.add(run.orgId ? 2 + orgs.length : 4);
      ctx.counts.eventsReplayed = await replayMissedEvents(ctx.since);
      steps.done("missed events");

      let oneByOne = orgs;
      if (!run.orgId) {
        const listed = await listAccountCustomers(ctx);
        steps.done("customers");
        const inAccount = orgs.filter((o) => listed.has(o.stripeCustomerId));
        oneByOne = orgs.filter((o) => !listed.has(o.stripeCustomerId));
        steps.add(oneByOne.length);
        if (inAccount.length > 0) await reconcileScope(accountScope(inAccount), ctx);
        steps.done("account lists");
      }
      for (const org of oneByOne) {
        if (await customerExists(org, ctx)) await reconcileScope(customerScope(org), ctx);
        steps.done("orgs by customer");
      }
      await checkCreditLedgers(
        orgs.map((o) => o.id),
        ctx,
      );
      await reconcileMeteredUsage(
        orgs.map((o) => o.id),
        ctx,
      );
      await collectSettlementMismatches(ctx);
      ctx.counts.orgsChecked = orgs.length;
      steps.done("credit ledgers");
    });
    ctx.counts.stripeCalls = calls;
    await finish(runId, "succeeded", ctx);
  } catch (err) {
    log().error({ err, runId }, "reconcile run failed");
    await finish(runId, "failed", ctx, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** What settling top-ups found and could not repair (credits already spent, a forged top-up) is the run's too. */
async function collectSettlementMismatches(ctx: ReconcileContext): Promise<void> {
  const reported = await db.billingAuditEntry.findMany({
    where: { actor: ctx.cause.actor, kind: "mismatch", action: { startsWith: "credits." } },
    select: { orgId: true, action: true, after: true },
  });
  for (const entry of reported) {
    ctx.findings.push({ orgId: entry.orgId, kind: "mismatch", action: entry.action, detail: entry.after ?? {} });
    ctx.counts.mismatches++;
  }
}

/** The run's progress in steps: a phase, or one org checked on its own. */
class Steps {
  private total = 0;
  private count = 0;
  constructor(private readonly report?: Progress) {}
  add(n: number) {
    this.total += n;
  }
  done(phase: string) {
    this.count++;
    this.report?.({ done: this.count, total: this.total, phase });
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
