import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ADD_ONS, PLANS } from "@/lib/plans/catalog-definition";
import { seedCatalog } from "@/prisma/data/catalog";
import { db } from "@/lib/db";
import { makeOrg, makeUser } from "@/test/support/factories";
import { switchToFreshAppDatabase } from "@/test/support/billing-stack";
import { orgDirectoryQuery, searchOrgs } from "@/lib/admin/org-directory";
import { measurePlatform, RESOURCES } from "./measure";
import { recommendations, SIZING_TABLE, THRESHOLDS, tierFor, type RecommendationInput } from "./recommendations";
import { platformTrends } from "./report";
import { captureSnapshot, utcDay } from "./snapshots";
import { subscriptionCapacity } from "./subscription-capacity";
import { trendOf, trendsFrom, type SnapshotPoint } from "./trends";
import type { PlatformHealth } from "./health";

const DAY = 86_400_000;
const NOW = new Date();

beforeAll(async () => {
  await switchToFreshAppDatabase("health");
  await seedCatalog(db);
}, 60_000);

type OrgSpec = {
  plan: string;
  status: string | null;
  interval?: "month" | "year";
  projects: number;
  members: number;
  invited?: number;
  runs?: number;
  /** runs counted in a period that ended weeks ago, and none since */
  staleRuns?: number;
  credits?: number;
  extraSeats?: boolean;
  /** pay-as-you-go runs beyond the allowance this period */
  metered?: number;
};

/** An org as the billing mirror would hold it, with its projects, members, runs counter and credits. */
async function orgLike(spec: OrgSpec) {
  const users = await Promise.all(Array.from({ length: spec.members }, () => makeUser()));
  const org = await makeOrg(users.map((u, i) => [u, i === 0 ? "owner" : "member"]));
  const periodStart = new Date(NOW.getTime() - 5 * DAY);
  await db.organization.update({
    where: { id: org.id },
    data: { planCode: spec.plan, subscriptionStatus: spec.status, creditBalance: spec.credits ?? 0 },
  });
  for (let i = 0; i < spec.projects; i++) await db.project.create({ data: { orgId: org.id, name: `p${i}` } });
  for (let i = 0; i < (spec.invited ?? 0); i++)
    await db.invitation.create({
      data: {
        orgId: org.id,
        email: `i${i}-${randomUUID()}@example.test`,
        role: "member",
        tokenHash: randomUUID(),
        invitedById: users[0]!.id,
        expiresAt: new Date(NOW.getTime() + DAY),
      },
    });
  if (spec.status) {
    await db.subscription.create({
      data: {
        orgId: org.id,
        stripeSubscriptionId: `sub_${randomUUID()}`,
        stripeCustomerId: `cus_${randomUUID()}`,
        status: spec.status,
        planCode: spec.plan,
        interval: spec.interval ?? "month",
        currentPeriodStart: periodStart,
        currentPeriodEnd: new Date(periodStart.getTime() + 30 * DAY),
      },
    });
  }
  if (spec.runs) {
    await db.usageCounter.create({ data: { orgId: org.id, meter: "runs", periodStart, count: spec.runs } });
    // An earlier period's counter, which is not this period's use.
    await db.usageCounter.create({
      data: { orgId: org.id, meter: "runs", periodStart: new Date(periodStart.getTime() - 40 * DAY), count: 999 },
    });
  }
  for (let i = 0; i < (spec.metered ?? 0); i++)
    await db.meterEvent.create({
      data: {
        id: `run_${randomUUID()}`,
        orgId: org.id,
        runId: randomUUID(),
        periodStart,
        occurredAt: NOW,
        status: i === 0 ? "pending" : "sent",
      },
    });
  if (spec.metered) {
    // Last period's (billed already) and one Stripe refused are not this period's revenue.
    const earlier = new Date(periodStart.getTime() - 40 * DAY);
    await db.meterEvent.create({
      data: { id: `run_${randomUUID()}`, orgId: org.id, runId: randomUUID(), periodStart: earlier, occurredAt: earlier },
    });
    await db.meterEvent.create({
      data: { id: `run_${randomUUID()}`, orgId: org.id, runId: randomUUID(), periodStart, occurredAt: NOW, status: "rejected" },
    });
  }
  if (spec.staleRuns)
    await db.usageCounter.create({
      data: { orgId: org.id, meter: "runs", periodStart: new Date(NOW.getTime() - 45 * DAY), count: spec.staleRuns },
    });
  if (spec.extraSeats)
    await db.orgAddOn.create({
      data: { orgId: org.id, addOnCode: "extra_seats", status: "active", stripeSubscriptionId: `sub_${randomUUID()}` },
    });
  return org;
}

const SPECS: OrgSpec[] = [
  { plan: "team", status: "active", projects: 4, members: 3, invited: 1, runs: 120, credits: 500, extraSeats: true, metered: 7 },
  { plan: "team", status: "active", interval: "year", projects: 2, members: 2, runs: 40 },
  { plan: "business", status: "active", interval: "year", projects: 1, members: 1, runs: 5 },
  { plan: "business", status: "past_due", projects: 7, members: 5, runs: 900, credits: 1000 },
  { plan: "team", status: "trialing", projects: 1, members: 1, runs: 3 },
  { plan: "free", status: null, projects: 3, members: 2, runs: 80 },
  { plan: "free", status: null, projects: 0, members: 1, staleRuns: 70 },
];

describe("the platform's capacity", () => {
  it("adds up the orgs, usage, limits, credits and MRR of the data, and how much of the limits is in use", async () => {
    for (const spec of SPECS) await orgLike(spec);
    const measured = await measurePlatform(NOW);

    const plan = (code: string) => PLANS.find((p) => p.code === code)!;
    const extraSeats = ADD_ONS.find((a) => a.code === "extra_seats")!;
    const count = (f: (s: OrgSpec) => boolean) => SPECS.filter(f).length;
    const sum = (f: (s: OrgSpec) => number) => SPECS.reduce((n, s) => n + f(s), 0);
    const limitOf = (s: OrgSpec, r: (typeof RESOURCES)[number]) => {
      const base = plan(s.plan).limits[r];
      return base === null ? null : base + (r === "seats" && s.extraSeats ? extraSeats.effect.seats! : 0);
    };
    // Pay-as-you-go runs of the current period at the plan's price per run.
    const metered = sum((s) => (s.metered ?? 0) * (plan(s.plan).overageRunPriceCents ?? 0));
    const earning = SPECS.filter((s) => s.status === "active" || s.status === "past_due");
    // A yearly price counts as a twelfth a month, in whole cents per subscription, so the orgs' figures add up to the total.
    const mrr =
      sum((s) =>
        earning.includes(s)
          ? s.interval === "year"
            ? Math.round(plan(s.plan).annualPriceCents! / 12)
            : plan(s.plan).monthlyPriceCents!
          : 0,
      ) +
      sum((s) => (s.extraSeats ? extraSeats.priceCents : 0)) +
      metered;

    expect(measured).toMatchObject({
      orgsTotal: SPECS.length,
      orgsActive: count((s) => s.status === "active"),
      orgsTrialing: count((s) => s.status === "trialing"),
      orgsPastDue: count((s) => s.status === "past_due"),
      subscriptionsByPlan: { team: count((s) => s.plan === "team"), business: count((s) => s.plan === "business") },
      projects: sum((s) => s.projects),
      seats: sum((s) => s.members + (s.invited ?? 0)),
      runsThisPeriod: sum((s) => s.runs ?? 0),
      creditsOutstanding: sum((s) => s.credits ?? 0),
      mrrCents: mrr,
      meteredCents: metered,
    });
    expect(metered).toBe(70);
    const { orgs } = await searchOrgs({ isSuperadmin: true }, orgDirectoryQuery.parse({ limit: 200 }));
    expect(orgs.reduce((n, o) => n + o.mrrCents, 0)).toBe(measured.mrrCents);
    expect(measured.databaseBytes).toBeGreaterThan(0);
    for (const r of RESOURCES)
      expect(measured.theoreticalLimits[r], r).toEqual({
        limit: sum((s) => limitOf(s, r) ?? 0),
        unlimitedOrgs: count((s) => limitOf(s, r) === null),
      });

    const capacity = subscriptionCapacity(measured);
    expect(capacity.total_subscriptions).toBe(count((s) => s.status !== null));
    const projectsLimit = measured.theoreticalLimits.projects.limit;
    expect(capacity.resources.projects).toEqual({
      actual: measured.projects,
      theoretical_limit: projectsLimit,
      unlimited_orgs: measured.theoreticalLimits.projects.unlimitedOrgs,
      utilization_percent: Math.round((measured.projects / projectsLimit) * 10_000) / 100,
      headroom: projectsLimit - measured.projects,
    });
  });

  it("keeps one snapshot a day however often it is captured, and reads trends from the window's snapshots", async () => {
    const first = await captureSnapshot(NOW);
    const again = await captureSnapshot(new Date(NOW.getTime() + 1000));
    expect([first.created, again.created]).toEqual([true, false]);
    expect(await db.capacitySnapshot.count({ where: { day: utcDay(NOW) } })).toBe(1);

    // Ten and forty days before today, with known figures: a 30-day window sees only the first.
    const today = await db.capacitySnapshot.findUniqueOrThrow({ where: { day: utcDay(NOW) } });
    const { day: _day, capturedAt: _at, ...figures } = today;
    const at = (daysAgo: number, orgsTotal: number) =>
      db.capacitySnapshot.create({
        data: {
          ...figures,
          day: new Date(utcDay(NOW).getTime() - daysAgo * DAY),
          orgsTotal,
          subscriptionsByPlan: {},
          theoreticalLimits: {},
        },
      });
    await at(10, 3);
    await at(40, 1);
    const trends = await platformTrends(30, NOW);
    expect(trends.snapshots).toBe(2);
    expect(trends.metrics.orgsTotal).toEqual(trendOf(3, today.orgsTotal, 10));
    expect((await platformTrends(60, NOW)).metrics.orgsTotal).toEqual(trendOf(1, today.orgsTotal, 40));
  });
});

describe("trends", () => {
  const series = (values: number[], stepDays = 1): SnapshotPoint[] =>
    values.map((v, i) => ({
      day: new Date(Date.UTC(2026, 0, 1) + i * stepDays * DAY),
      orgsTotal: v,
      orgsActive: v,
      orgsTrialing: 0,
      orgsPastDue: 0,
      subscriptions: v,
      projects: v,
      seats: v,
      runsThisPeriod: v,
      creditsOutstanding: v,
      mrrCents: v * 100,
      meteredCents: v * 10,
    }));

  it("doubling over 10 days grows 100%, at 2^(1/10) a day, and projects 2^3 times further in 30 days", () => {
    const t = trendsFrom(series([100, 130, 200], 5), 30).metrics.orgsTotal;
    const daily = Math.pow(2, 1 / 10) - 1;
    expect(t.start_value).toBe(100);
    expect(t.current_value).toBe(200);
    expect(t.change).toBe(100);
    expect(t.growth_rate_percent).toBe(100);
    expect(t.daily_growth_rate_percent).toBeCloseTo(daily * 100, 2);
    expect(t.projection_30d).toBe(Math.round(200 * Math.pow(1 + daily, 30)));
    expect(t.projection_30d).toBe(1600);
  });

  it("from zero grows linearly, shrinking stays positive-or-zero, and one snapshot has no trend", () => {
    const fromZero = trendsFrom(series([0, 10], 10), 30).metrics.projects;
    expect(fromZero).toMatchObject({ growth_rate_percent: null, daily_growth_rate_percent: null, projection_30d: 10 + (10 / 10) * 30 });
    const shrinking = trendsFrom(series([100, 50], 10), 30).metrics.seats;
    expect(shrinking.growth_rate_percent).toBe(-50);
    expect(shrinking.projection_30d).toBe(Math.round(50 * Math.pow(0.5, 3)));
    expect(trendsFrom(series([5]), 30).metrics.orgsTotal.change).toBeNull();
  });
});

describe("recommendations", () => {
  const quietHealth: PlatformHealth = {
    status: "ok",
    database: { ok: true, latency_ms: 1 },
    queue: { ready_jobs: 0, oldest_ready_seconds: 0, failed_jobs: 0 },
    webhooks: { received_24h: 1000, failed_24h: 0, pending: 0, failed: 0, failure_rate_percent: 0 },
  };
  const input = (over: {
    used?: number;
    limit?: number;
    orgs?: number;
    projected?: number | null;
    pastDue?: number;
    active?: number;
    failed?: number;
    lag?: number;
  }): RecommendationInput => {
    const limit = over.limit ?? 10_000;
    const used = over.used ?? 0;
    const resource = {
      actual: used,
      theoretical_limit: limit,
      unlimited_orgs: 0,
      utilization_percent: Math.round((used / limit) * 10_000) / 100,
      headroom: limit - used,
    };
    const failed = over.failed ?? 0;
    return {
      capacity: {
        total_subscriptions: 0,
        distribution: {},
        resources: {
          projects: resource,
          seats: { ...resource, actual: 0, utilization_percent: 0, headroom: limit },
          runsPerMonth: { ...resource, actual: 0, utilization_percent: 0, headroom: limit },
        },
      },
      orgs: {
        total: over.orgs ?? 10,
        active: over.active ?? 100,
        pastDue: over.pastDue ?? 0,
        projectedIn30Days: over.projected === undefined ? null : over.projected,
      },
      health: {
        ...quietHealth,
        queue: { ...quietHealth.queue, oldest_ready_seconds: over.lag ?? 0 },
        webhooks: { ...quietHealth.webhooks, failed_24h: failed, failure_rate_percent: Math.round((failed / 1000) * 10_000) / 100 },
      },
    };
  };
  const of = (i: RecommendationInput, category: string) => recommendations(i).filter((r) => r.category === category);
  const limit = 10_000;
  const usedAt = (percent: number) => Math.round((percent / 100) * limit);

  it("warns on capacity from 80% of the theoretical limit, and is critical from 95%", () => {
    expect(of(input({ used: usedAt(THRESHOLDS.capacityWarningPercent) - 1 }), "capacity")).toEqual([]);
    expect(of(input({ used: usedAt(THRESHOLDS.capacityWarningPercent) }), "capacity").map((r) => r.severity)).toEqual(["warning"]);
    expect(of(input({ used: usedAt(THRESHOLDS.capacityCriticalPercent) - 1 }), "capacity").map((r) => r.severity)).toEqual(["warning"]);
    expect(of(input({ used: usedAt(THRESHOLDS.capacityCriticalPercent) }), "capacity").map((r) => r.severity)).toEqual(["critical"]);
  });

  it("names the tier the org count calls for, and warns when the 30-day projection crosses into the next", () => {
    const growthStart = SIZING_TABLE[0].upTo;
    expect(tierFor(growthStart - 1).tier).toBe("starter");
    expect(tierFor(growthStart).tier).toBe("growth");
    expect(of(input({ orgs: growthStart - 1, projected: growthStart - 1 }), "infrastructure")[0]).toMatchObject({
      severity: "info",
      title: "Infrastructure tier: starter",
    });
    expect(of(input({ orgs: growthStart - 1, projected: growthStart }), "infrastructure")[0]).toMatchObject({
      severity: "warning",
      title: "Growing into the growth tier within 30 days",
    });
  });

  it("warns on the past-due rate from 5% of paying orgs, critical from 10%", () => {
    // 100 paying orgs: pastDue of them past due.
    const at = (pastDue: number) => of(input({ active: 100 - pastDue, pastDue }), "revenue").map((r) => r.severity);
    expect(at(THRESHOLDS.pastDueWarningPercent - 1)).toEqual([]);
    expect(at(THRESHOLDS.pastDueWarningPercent)).toEqual(["warning"]);
    expect(at(THRESHOLDS.pastDueCriticalPercent - 1)).toEqual(["warning"]);
    expect(at(THRESHOLDS.pastDueCriticalPercent)).toEqual(["critical"]);
  });

  it("warns on webhook failures from 1% of a day's events, and on a queue 60 s behind", () => {
    const failures = (n: number) => of(input({ failed: n }), "webhooks").map((r) => r.severity);
    expect(failures((THRESHOLDS.webhookFailureWarningPercent / 100) * 1000 - 1)).toEqual([]);
    expect(failures((THRESHOLDS.webhookFailureWarningPercent / 100) * 1000)).toEqual(["warning"]);
    expect(failures((THRESHOLDS.webhookFailureCriticalPercent / 100) * 1000)).toEqual(["critical"]);
    const lag = (s: number) => of(input({ lag: s }), "queue").map((r) => r.severity);
    expect(lag(THRESHOLDS.queueLagWarningSeconds - 1)).toEqual([]);
    expect(lag(THRESHOLDS.queueLagWarningSeconds)).toEqual(["warning"]);
    expect(lag(THRESHOLDS.queueLagCriticalSeconds)).toEqual(["critical"]);
  });
});
