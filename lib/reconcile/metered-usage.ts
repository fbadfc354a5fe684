import "server-only";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { queueMeterSender } from "@/lib/usage/meter-event-outbox";
import { mismatchOnce, repaired, unix, type ReconcileContext } from "./context";

/** Stripe aggregates meter events asynchronously: what was sent in the last minutes may not be in its summaries yet. */
const SETTLE_MS = 10 * 60_000;
/** Stripe takes meter events up to 35 days old: older periods can no longer be corrected, so they are not compared. */
const WINDOW_DAYS = 35;

const minuteFloor = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

export type UsageWindow = { orgId: string; customer: string; start: Date; end: Date };

/** What Stripe's meter holds for a customer over a window of whole minutes (its event summaries, summed). */
async function meteredOnStripe(meterId: string, w: UsageWindow): Promise<number> {
  let total = 0;
  for await (const s of requireStripe().billing.meters.listEventSummaries(meterId, {
    customer: w.customer,
    start_time: unix(w.start),
    end_time: unix(w.end),
    limit: 100,
  }))
    total += s.aggregated_value;
  return total;
}

async function countsIn(w: UsageWindow) {
  const rows = await db.meterEvent.groupBy({
    by: ["status"],
    where: { orgId: w.orgId, occurredAt: { gte: w.start, lt: w.end } },
    _sum: { value: true },
  });
  const of = (status: string) => rows.find((r) => r.status === status)?._sum.value ?? 0;
  return { sent: of("sent"), unconfirmed: of("unconfirmed"), pending: of("pending"), rejected: of("rejected") };
}

/**
 * Compares, for each org with metered runs in a period Stripe can still take events for, Tollgate's count of billable
 * runs with Stripe's meter summaries over the same minutes (up to a few minutes ago, which Stripe may not have
 * aggregated yet). Unconfirmed events (sent long ago with no answer) are settled from the difference: all there, they
 * are marked sent; none there, they go back to pending and are sent (their identifiers never reached Stripe, so this
 * bills them once). Any other difference is reported with both numbers, once until resolved.
 */
export async function reconcileMeteredUsage(orgIds: string[], ctx: ReconcileContext, now = new Date()): Promise<void> {
  const meter = await db.billingMeter.findUnique({ where: { code: "runs" }, select: { stripeMeterId: true } });
  if (!meter?.stripeMeterId || orgIds.length === 0) return;
  const periods = await db.$queryRaw<{ orgId: string; periodStart: Date; first: Date; last: Date; customer: string }[]>`
    select e."orgId", e."periodStart", min(e."occurredAt") as "first", max(e."occurredAt") as "last", o."stripeCustomerId" as "customer"
    from "MeterEvent" e join "Organization" o on o."id" = e."orgId"
    where e."orgId" = any(${orgIds}) and e."occurredAt" > ${new Date(now.getTime() - WINDOW_DAYS * 86_400_000)}
      and o."stripeCustomerId" is not null
    group by e."orgId", e."periodStart", o."stripeCustomerId"`;
  const settled = minuteFloor(new Date(now.getTime() - SETTLE_MS));
  for (const p of periods) {
    // Whole minutes around the period's events (summaries are asked for in minutes), ending where Stripe has settled.
    const end = new Date(Math.min(settled.getTime(), minuteFloor(p.last).getTime() + 60_000));
    const w: UsageWindow = { orgId: p.orgId, customer: p.customer, start: minuteFloor(p.first), end };
    if (w.end <= w.start) continue;
    ctx.counts.objectsCompared++;
    const [onStripe, ours] = await Promise.all([meteredOnStripe(meter.stripeMeterId, w), countsIn(w)]);
    const period = p.periodStart.toISOString();
    if (ours.unconfirmed > 0 && onStripe === ours.sent + ours.unconfirmed) {
      await db.meterEvent.updateMany({
        where: { orgId: p.orgId, status: "unconfirmed", occurredAt: { gte: w.start, lt: w.end } },
        data: { status: "sent", acknowledgedAt: new Date() },
      });
      await repaired(ctx, p.orgId, "reconcile.meter_events_confirmed", { period, events: ours.unconfirmed, onStripe });
    } else if (ours.unconfirmed > 0 && onStripe === ours.sent) {
      await db.$transaction(async (tx) => {
        await tx.meterEvent.updateMany({
          where: { orgId: p.orgId, status: "unconfirmed", occurredAt: { gte: w.start, lt: w.end } },
          data: { status: "pending", firstSentAt: null, attempts: 0 },
        });
        await queueMeterSender(tx, p.orgId);
      });
      await repaired(ctx, p.orgId, "reconcile.meter_events_resent", { period, events: ours.unconfirmed, onStripe });
    } else if (onStripe !== ours.sent || ours.unconfirmed > 0) {
      await mismatchOnce(
        ctx,
        p.orgId,
        "reconcile.meter_usage_drift",
        ["period", `${p.orgId}:${period}`],
        { tollgate: ours.sent + ours.unconfirmed + ours.pending, acknowledged: ours.sent, ...ours, onStripe },
        `Stripe's meter holds ${onStripe} runs for this period where Tollgate counts ${ours.sent} acknowledged` +
          (ours.unconfirmed ? ` and ${ours.unconfirmed} unconfirmed` : "") +
          (ours.pending ? ` (${ours.pending} not sent yet)` : "") +
          ".",
      );
    }
  }
}
