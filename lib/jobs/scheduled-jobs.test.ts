import { describe, expect, it, vi } from "vitest";
import { causedBySystem } from "@/lib/audit/billing-audit";
import { checkUsageCounters } from "@/lib/usage/usage-counters";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { checkTrialExpirations } from "@/lib/billing/scheduled/trial-expirations";
import { db } from "@/lib/db";
import { utcDay } from "@/lib/platform-health/snapshots";
import { customerOnTestClock, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";
import { listJobs, requestJobRun, runRecorded } from "./job-runs";
import { SCHEDULED_JOBS } from "./scheduled-jobs";
import { CRONTAB } from "./tasks";

// Webhooks are not delivered here: the jobs are what brings the mirror in line.
const stack = setUpBillingStack({ deliver: false });
const HOUR = 3_600_000;

const finished = (runId: string) =>
  vi.waitUntil(
    async () => {
      const run = await db.jobRun.findUniqueOrThrow({ where: { id: runId } });
      return run.outcome === "succeeded" || run.outcome === "failed" ? run : null;
    },
    { timeout: 15_000, interval: 50 },
  );

/** An org whose Team subscription (on a test clock) is in the mirror as trialing. */
async function trialingOrg(card: string | null) {
  const owner = await makeUser();
  const org = await makeOrg([[owner, "owner"]]);
  const clock = await customerOnTestClock(stack(), org.id);
  const team = (await db.plan.findUniqueOrThrow({ where: { code: "team" } })).stripeMonthlyPriceId!;
  const pm = card ? await stack().stripe.paymentMethods.attach(card, { customer: clock.customerId }) : null;
  const sub = await stack().stripe.subscriptions.create({
    customer: clock.customerId,
    items: [{ price: team }],
    trial_period_days: 14,
    ...(pm ? { default_payment_method: pm.id } : { trial_settings: { end_behavior: { missing_payment_method: "cancel" } } }),
  });
  await syncSubscription(sub.id, { cause: causedBySystem("test") });
  return { org, clock, sub };
}

describe("scheduled jobs", () => {
  it("are all on the crontab, once each", () => {
    for (const job of SCHEDULED_JOBS) expect(CRONTAB.split("\n").filter((line) => line.split(" ")[5] === job.name)).toHaveLength(1);
  });

  it("run now: the run is queued, the worker runs it, and its summary is recorded and listed", async () => {
    const operator = await makeUser();
    const queued = await requestJobRun("capture_capacity_snapshot", operator.id);
    expect(queued).toMatchObject({ job: "capture_capacity_snapshot", trigger: "manual", outcome: "queued" });
    const run = await finished(queued.id);
    expect(run).toMatchObject({ outcome: "succeeded", summary: { day: utcDay(new Date()).toISOString().slice(0, 10) } });
    expect(await db.capacitySnapshot.count({ where: { day: utcDay(new Date()) } })).toBe(1);
    const listed = (await listJobs({ isSuperadmin: true })).find((j) => j.name === "capture_capacity_snapshot")!;
    expect(listed.runs[0]).toMatchObject({ id: queued.id, outcome: "succeeded", durationMs: expect.any(Number) });
    await expect(requestJobRun("drop_all_tables", operator.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("record a failed run with its reason instead of losing it", async () => {
    await runRecorded(
      { name: "always_fails", schedule: "* * * * *", description: "", run: () => Promise.reject(new Error("Stripe said no")) },
      {},
    );
    const run = await db.jobRun.findFirstOrThrow({ where: { job: "always_fails" } });
    expect(run).toMatchObject({ trigger: "schedule", outcome: "failed", error: "Stripe said no", finishedAt: expect.any(Date) });
  });

  it("check_trial_expirations: a trial past its end the mirror missed becomes active when it converted, Free when it could not", async () => {
    const converting = await trialingOrg("pm_card_visa");
    const unpaid = await trialingOrg(null);
    for (const { clock, sub } of [converting, unpaid]) await clock.advanceTo(new Date(sub.trial_end! * 1000 + 2 * HOUR));
    expect(await db.subscription.count({ where: { orgId: { in: [converting.org.id, unpaid.org.id] }, status: "trialing" } })).toBe(2);

    const result = await checkTrialExpirations(
      causedBySystem("check_trial_expirations"),
      new Date(converting.sub.trial_end! * 1000 + 2 * HOUR),
    );
    expect(result).toEqual({ checked: 2, converted: 1, ended: 1, stillTrialing: 0 });
    expect(await db.organization.findUniqueOrThrow({ where: { id: converting.org.id } })).toMatchObject({
      planCode: "team",
      subscriptionStatus: "active",
    });
    expect(await db.organization.findUniqueOrThrow({ where: { id: unpaid.org.id } })).toMatchObject({ planCode: "free" });
    for (const org of [converting.org, unpaid.org])
      expect(await db.billingAuditEntry.count({ where: { orgId: org.id, actor: "system:check_trial_expirations" } })).toBeGreaterThan(0);
    expect(
      await checkTrialExpirations(causedBySystem("check_trial_expirations"), new Date(converting.sub.trial_end! * 1000 + 2 * HOUR)),
    ).toEqual({
      checked: 0,
      converted: 0,
      ended: 0,
      stillTrialing: 0,
    });
  });

  it("reset_period_counters: starts a live subscription's missing counter from the period's runs, then finds it present", async () => {
    const { org } = await trialingOrg("pm_card_mastercard");
    const project = await db.project.create({ data: { orgId: org.id, name: "counted" } });
    await db.run.create({ data: { orgId: org.id, projectId: project.id } });
    const before = await checkUsageCounters();
    expect(before.started).toBeGreaterThanOrEqual(1);
    const sub = await db.subscription.findFirstOrThrow({ where: { orgId: org.id } });
    expect(
      await db.usageCounter.findUniqueOrThrow({
        where: { orgId_meter_periodStart: { orgId: org.id, meter: "runs", periodStart: sub.currentPeriodStart! } },
      }),
    ).toMatchObject({ count: 1 });
    const after = await checkUsageCounters();
    expect(after).toEqual({ live: before.live, present: before.live, started: 0 });
  });
});
