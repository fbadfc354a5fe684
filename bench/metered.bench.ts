// Pay as you go: what metering a run costs beside today's gated run (the same rounds, the same load), and how fast the
// outbox hands meter events to Stripe's stand-in.
import { db } from "../lib/db";
import { forgetEntitlements, getEntitlements } from "../lib/entitlements/entitlements";
import { requireStripe } from "../lib/stripe/client";
import { inStripeWorkScope } from "../lib/stripe/work-scope";
import { sendMeterEvents } from "../lib/usage/send-meter-events";
import { checkTarget } from "./targets";

const DRAIN_ORGS = 10;
const EVENTS_PER_ORG = 1000;

/** An org on `planCode` in pay-as-you-go mode, its customer on Stripe, its period's allowance used up. */
export async function meteredOrg(label: string, planCode: string, org: { orgId: string; projectId: string }) {
  const customer = await requireStripe().customers.create({ metadata: { orgId: org.orgId } });
  await db.organization.update({ where: { id: org.orgId }, data: { stripeCustomerId: customer.id, overageMode: "metered" } });
  // The metered item as the mirror would hold it once Stripe added it (the bench's subscriptions are the mirror's own).
  await db.subscription.updateMany({ where: { orgId: org.orgId }, data: { stripeMeteredItemId: `si_${label}` } });
  forgetEntitlements(org.orgId);
  const ent = await getEntitlements(org.orgId);
  if (ent.overage.mode !== "metered") throw new Error(`${label} is not on pay as you go: ${ent.overage.mode}`);
  await db.usageCounter.upsert({
    where: { orgId_meter_periodStart: { orgId: org.orgId, meter: "runs", periodStart: ent.period.start } },
    create: { orgId: org.orgId, meter: "runs", periodStart: ent.period.start, count: ent.limits.runsPerMonth! },
    update: { count: ent.limits.runsPerMonth! },
  });
  return org;
}

/** The metered run's cost beside the gated one's, from the same alternating rounds. */
export function checkMeteredCost(gatedRps: number, meteredRps: number): string {
  const cost = gatedRps / meteredRps;
  return checkTarget({
    benchmark: "recording a run, pay as you go / gated (cost)",
    figure: `${cost.toFixed(3)} ×`,
    target: "≤ 1.1 ×",
    met: cost <= 1.1,
  });
}

/**
 * DRAIN_ORGS orgs with EVENTS_PER_ORG pending meter events each, sent by one sender per org at once (as the worker's
 * jobs would run them): events acknowledged by the emulator per second.
 */
export async function benchMeterDrain(orgOf: (label: string) => Promise<{ orgId: string; projectId: string }>): Promise<void> {
  const orgs: { orgId: string; projectId: string }[] = [];
  for (let i = 0; i < DRAIN_ORGS; i++) orgs.push(await meteredOrg(`drain${i}`, "business", await orgOf(`drain${i}`)));
  for (const o of orgs) {
    const ent = await getEntitlements(o.orgId);
    await db.$executeRaw`
      insert into "MeterEvent" ("id", "orgId", "runId", "periodStart", "occurredAt")
      select 'run_bench_' || ${o.orgId} || '_' || n, ${o.orgId}, 'bench_' || ${o.orgId} || '_' || n, ${ent.period.start}, now()
      from generate_series(1, ${EVENTS_PER_ORG}) n`;
  }
  const started = performance.now();
  await inStripeWorkScope({}, () => Promise.all(orgs.map((o) => sendMeterEvents(o.orgId))));
  const seconds = (performance.now() - started) / 1000;
  const sent = await db.meterEvent.count({ where: { orgId: { in: orgs.map((o) => o.orgId) }, status: "sent" } });
  const total = DRAIN_ORGS * EVENTS_PER_ORG;
  if (sent !== total) throw new Error(`the drain sent ${sent} of ${total} meter events`);
  const perSecond = total / seconds;
  const verdict = checkTarget({
    benchmark: "meter events drained to the emulator",
    figure: `${perSecond.toFixed(0)}/s`,
    target: "≥ 500/s",
    met: perSecond >= 500,
  });
  console.log(`\nMeter events — ${total} pending over ${DRAIN_ORGS} orgs, one sender each (16 requests in flight per sender)`);
  console.log(`  drained in ${seconds.toFixed(2)} s: ${perSecond.toFixed(0)} events/s   (target ≥ 500/s → ${verdict})`);
}
