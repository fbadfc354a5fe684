import "server-only";
import { db } from "@/lib/db";
import { ADD_ON_GRANTING_STATUSES, EARNING_STATUSES, LIVE_STATUSES } from "@/lib/plans/subscription-states";

export const RESOURCES = ["projects", "seats", "runsPerMonth"] as const;
export type Resource = (typeof RESOURCES)[number];
export type TheoreticalLimit = { limit: number; unlimitedOrgs: number };

/** The platform's size right now: what a CapacitySnapshot stores. */
export type Measurement = {
  orgsTotal: number;
  orgsActive: number;
  orgsTrialing: number;
  orgsPastDue: number;
  subscriptionsByPlan: Record<string, number>;
  projects: number;
  runsThisPeriod: number;
  seats: number;
  theoreticalLimits: Record<Resource, TheoreticalLimit>;
  creditsOutstanding: number;
  /** Recurring revenue a month: subscriptions, add-ons, and `meteredCents`. */
  mrrCents: number;
  /** What pay-as-you-go runs beyond the allowance have added to each org's current period so far (billed at renewal). */
  meteredCents: number;
  databaseBytes: number;
};

const int = (v: unknown) => Number(v ?? 0);

/**
 * Measures the whole platform with one aggregate query per figure, so the cost grows with the tables' size in
 * Postgres, not with round trips. Limits are each org's plan limits plus its add-ons' seats; an org whose plan
 * has no limit for a resource is counted apart, never as a large number.
 */
export async function measurePlatform(now = new Date()): Promise<Measurement> {
  const [orgs, byPlan, usage, runs, limits, mrr, metered, size] = await Promise.all([
    db.$queryRaw<{ total: bigint; active: bigint; trialing: bigint; past_due: bigint; credits: bigint | null }[]>`
      select count(*) as total,
             count(*) filter (where "subscriptionStatus" = 'active') as active,
             count(*) filter (where "subscriptionStatus" = 'trialing') as trialing,
             count(*) filter (where "subscriptionStatus" = 'past_due') as past_due,
             sum("creditBalance") as credits
      from "Organization"`,
    db.$queryRaw<{ planCode: string; n: bigint }[]>`
      select "planCode", count(*) as n from "Subscription" where "status" = any(${LIVE_STATUSES}) group by "planCode"`,
    db.$queryRaw<{ projects: bigint; members: bigint; invited: bigint }[]>`
      select (select count(*) from "Project") as projects,
             (select count(*) from "Membership") as members,
             (select count(*) from "Invitation"
               where "acceptedAt" is null and "revokedAt" is null and "expiresAt" > ${now}) as invited`,
    // Each org's newest runs counter, when it started within one billing interval of now: its current period's.
    db.$queryRaw<{ runs: bigint | null }[]>`
      select sum(c."count") as runs from (
        select distinct on (u."orgId") u."orgId", u."periodStart", u."count"
        from "UsageCounter" u where u."meter" = 'runs' and u."periodStart" <= ${now}
        order by u."orgId", u."periodStart" desc
      ) c
      left join lateral (
        select s."interval" from "Subscription" s
        where s."orgId" = c."orgId" and s."status" = any(${LIVE_STATUSES}) order by s."createdAt" desc limit 1
      ) live on true
      where c."periodStart" > ${now}::timestamp - (case when live."interval" = 'year' then interval '1 year' else interval '1 month' end)`,
    db.$queryRaw<{ resource: string; total: bigint | null; unlimited: bigint }[]>`
      with org_limits as (
        select o."id", p."limits",
               coalesce((select sum((a."effect"->>'seats')::int) from "OrgAddOn" oa join "AddOn" a on a."code" = oa."addOnCode"
                         where oa."orgId" = o."id" and oa."status" = any(${ADD_ON_GRANTING_STATUSES})), 0) as extra_seats
        from "Organization" o join "Plan" p on p."code" = o."planCode"
      )
      select r.resource,
             sum(case when ol."limits"->>r.resource is null then null
                      else (ol."limits"->>r.resource)::bigint + (case when r.resource = 'seats' then ol.extra_seats else 0 end) end) as total,
             count(*) filter (where ol."limits"->>r.resource is null) as unlimited
      from org_limits ol cross join unnest(${[...RESOURCES]}::text[]) as r(resource)
      group by r.resource`,
    db.$queryRaw<{ cents: number | null }[]>`
      select (
        coalesce((select sum(round(case when s."interval" = 'year' then p."annualPriceCents" / 12.0 else p."monthlyPriceCents" end * s."quantity"))
                  from "Subscription" s join "Plan" p on p."code" = s."planCode" where s."status" = any(${EARNING_STATUSES})), 0)
        + coalesce((select sum(case when a."interval" = 'year' then round(a."priceCents" / 12.0) else a."priceCents" end)
                    from "OrgAddOn" oa join "AddOn" a on a."code" = oa."addOnCode" where oa."status" = any(${EARNING_STATUSES})), 0)
      )::float8 as cents`,
    // Each org's metered runs of its newest counting period at its plan's price per run (what the renewal will bill).
    db.$queryRaw<{ cents: number | null }[]>`
      select sum(p."overageRunPriceCents" * e."value")::float8 as cents from (
        select distinct on (u."orgId") u."orgId", u."periodStart"
        from "UsageCounter" u where u."meter" = 'runs' and u."periodStart" <= ${now}
        order by u."orgId", u."periodStart" desc
      ) c
      join "MeterEvent" e on e."orgId" = c."orgId" and e."periodStart" = c."periodStart" and e."status" <> 'rejected'
      join "Organization" o on o."id" = c."orgId" join "Plan" p on p."code" = o."planCode"`,
    db.$queryRaw<{ bytes: bigint }[]>`select pg_database_size(current_database()) as bytes`,
  ]);
  const o = orgs[0]!;
  const limitOf = (resource: Resource): TheoreticalLimit => {
    const row = limits.find((l) => l.resource === resource);
    return { limit: int(row?.total), unlimitedOrgs: int(row?.unlimited) };
  };
  return {
    orgsTotal: int(o.total),
    orgsActive: int(o.active),
    orgsTrialing: int(o.trialing),
    orgsPastDue: int(o.past_due),
    subscriptionsByPlan: Object.fromEntries(byPlan.map((r) => [r.planCode, int(r.n)])),
    projects: int(usage[0]!.projects),
    runsThisPeriod: int(runs[0]!.runs),
    seats: int(usage[0]!.members) + int(usage[0]!.invited),
    theoreticalLimits: { projects: limitOf("projects"), seats: limitOf("seats"), runsPerMonth: limitOf("runsPerMonth") },
    creditsOutstanding: int(o.credits),
    mrrCents: Math.round((mrr[0]!.cents ?? 0) + (metered[0]!.cents ?? 0)),
    meteredCents: Math.round(metered[0]!.cents ?? 0),
    databaseBytes: int(size[0]!.bytes),
  };
}
