import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { effectivePlan } from "@/lib/plans/effective-plan";
import { db } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";
import { inviteMember } from "@/lib/orgs/invitations/invite-member";
import { createProject } from "@/lib/projects/projects";
import { recordRun } from "@/lib/projects/runs";
import { makeOrg, makeUser } from "@/test/support/factories";
import { BILLING_CHANGED_CHANNEL } from "@/lib/db/change-feed";
import { forgetEntitlements, getEntitlements } from "./entitlements";
import { isListeningForBillingChanges } from "./listener";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const sub = (status: string, extra: Partial<Parameters<typeof effectivePlan>[0] & object> = {}) => ({
  status,
  planCode: "team",
  pastDueSince: null,
  currentPeriodEnd: null,
  keepPlanCode: null,
  keepPlanUntil: null,
  ...extra,
});

describe("the effective plan rule", () => {
  it("gives the plan while trialing or active, Free when unpaid, canceled, incomplete or paused", () => {
    for (const status of ["trialing", "active"])
      expect(effectivePlan(sub(status), now, 7)).toEqual({ planCode: "team", access: "full", graceEndsAt: null });
    for (const status of ["unpaid", "canceled", "incomplete", "incomplete_expired", "paused"])
      expect(effectivePlan(sub(status), now, 7).planCode).toBe("free");
    expect(effectivePlan(null, now, 7).planCode).toBe("free");
  });

  it("keeps a past-due plan for the grace period, then restricts", () => {
    const since = new Date(now.getTime() - 6 * DAY);
    expect(effectivePlan(sub("past_due", { pastDueSince: since }), now, 7)).toEqual({
      planCode: "team",
      access: "grace",
      graceEndsAt: new Date(since.getTime() + 7 * DAY),
    });
    expect(effectivePlan(sub("past_due", { pastDueSince: since }), new Date(now.getTime() + DAY), 7).access).toBe("restricted");
  });

  it("keeps the plan paid for until the end of the period after a downgrade", () => {
    const end = new Date(now.getTime() + 10 * DAY);
    const downgraded = sub("active", { keepPlanCode: "business", keepPlanUntil: end, currentPeriodEnd: end });
    expect(effectivePlan(downgraded, now, 7).planCode).toBe("business");
    expect(effectivePlan({ ...downgraded, currentPeriodEnd: new Date(end.getTime() + 30 * DAY) }, now, 7).planCode).toBe("team");
  });
});

describe("limits enforced by the API layer", () => {
  it("refuses a fourth project on Free with 402 naming the limit, the usage and the upgrade path", async () => {
    const org = await makeOrg([[await makeUser(), "owner"]]);
    for (const name of ["a", "b", "c"]) await createProject(org.id, { name });
    await expect(createProject(org.id, { name: "d" })).rejects.toMatchObject({
      code: "limit_reached",
      status: 402,
      details: { limit: "projects", used: 3, allowed: 3, upgrade: `/${org.slug}/billing` },
    });
    expect(await db.project.count({ where: { orgId: org.id } })).toBe(3);
  });

  it("counts members and pending invitations as seats", async () => {
    const owner = await makeUser();
    const org = await makeOrg([[owner, "owner"]]);
    const access = { org, role: "owner" as const };
    await inviteMember(access, owner, { email: "first@example.test", role: "member" });
    await inviteMember(access, owner, { email: "first@example.test", role: "admin" });
    await expect(inviteMember(access, owner, { email: "second@example.test", role: "member" })).rejects.toMatchObject({
      code: "limit_reached",
      details: { limit: "seats", used: 2, allowed: 2 },
    });
  });

  it("lets exactly the remaining runs through when many are recorded at once", async () => {
    const user = await makeUser();
    const org = await makeOrg([[user, "owner"]]);
    const project = await db.project.create({ data: { orgId: org.id, name: "busy" } });
    await db.run.createMany({ data: Array.from({ length: 97 }, () => ({ orgId: org.id, projectId: project.id })) });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => recordRun(org.id, project.id, user.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "limit_reached", details: { limit: "runsPerMonth", used: 100, allowed: 100 } });
    expect(await db.run.count({ where: { orgId: org.id } })).toBe(100);
  });
});

describe("the run counter at a period boundary", () => {
  it("counts runs after the boundary toward the new period, before and after the renewal lands, none twice", async () => {
    const user = await makeUser();
    const org = await makeOrg([[user, "owner"]]);
    const project = await db.project.create({ data: { orgId: org.id, name: "renewing" } });
    const boundary = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    const oldStart = new Date(boundary.getTime() - 30 * DAY);
    const subscriptionId = `sub_boundary_${org.id}`;
    await db.subscription.create({
      data: {
        orgId: org.id,
        stripeSubscriptionId: subscriptionId,
        stripeCustomerId: `cus_boundary_${org.id}`,
        status: "active",
        planCode: "team",
        interval: "month",
        currentPeriodStart: oldStart,
        currentPeriodEnd: boundary,
      },
    });
    forgetEntitlements(org.id);
    // The old period used its whole allowance of 2,000 runs.
    await db.run.createMany({
      data: Array.from({ length: 2000 }, () => ({ orgId: org.id, projectId: project.id, createdAt: new Date(oldStart.getTime() + DAY) })),
    });
    await db.usageCounter.create({ data: { orgId: org.id, meter: "runs", periodStart: oldStart, count: 2000 } });

    // The renewal's webhook has not arrived: the new period is projected from the old end.
    expect((await getEntitlements(org.id)).period.start).toEqual(boundary);
    await recordRun(org.id, project.id, user.id);
    await recordRun(org.id, project.id, user.id);

    await db.subscription.update({
      where: { stripeSubscriptionId: subscriptionId },
      data: { currentPeriodStart: boundary, currentPeriodEnd: new Date(boundary.getTime() + 30 * DAY) },
    });
    forgetEntitlements(org.id);
    await recordRun(org.id, project.id, user.id);

    const counters = await db.usageCounter.findMany({ where: { orgId: org.id }, orderBy: { periodStart: "asc" } });
    expect(counters.map((c) => [c.periodStart.toISOString(), c.count])).toEqual([
      [oldStart.toISOString(), 2000],
      [boundary.toISOString(), 3],
    ]);
    expect(await db.run.count({ where: { orgId: org.id } })).toBe(2003);
    expect(await db.creditLedgerEntry.count({ where: { orgId: org.id } })).toBe(0);
  });
});

describe("the entitlements cache", () => {
  it("answers from memory until another process announces a change through Postgres", async () => {
    const org = await makeOrg([[await makeUser(), "owner"]]);
    expect((await getEntitlements(org.id)).planCode).toBe("free");
    await vi.waitUntil(() => isListeningForBillingChanges(), { timeout: 5_000, interval: 20 });
    await getEntitlements(org.id);
    // Another process (here: a separate connection) puts the org on Team, first without telling anyone.
    const other = new pg.Client({ connectionString: requireDatabaseUrl() });
    await other.connect();
    await other.query(
      `insert into "Subscription" ("id", "orgId", "stripeSubscriptionId", "stripeCustomerId", "status", "planCode", "interval", "updatedAt")
       values ($1, $2, $3, 'cus_other', 'active', 'team', 'month', now())`,
      [`sub_row_${org.id}`, org.id, `sub_${org.id}`],
    );
    expect((await getEntitlements(org.id)).planCode).toBe("free");
    await other.query(`select pg_notify($1, $2)`, [BILLING_CHANGED_CHANNEL, org.id]);
    await other.end();
    await vi.waitUntil(async () => (await getEntitlements(org.id)).planCode === "team", { timeout: 5_000, interval: 20 });
    expect((await getEntitlements(org.id)).limits).toEqual({ projects: 25, seats: 10, runsPerMonth: 2000 });
  });
});
