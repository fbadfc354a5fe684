import "server-only";
import { z } from "zod";
import { EARNING_STATUSES } from "@/lib/plans/subscription-states";
import { db } from "@/lib/db";
import { assertOperator, type Viewer } from "@/lib/auth/operator-access";

export const orgDirectoryQuery = z.object({
  q: z.string().trim().max(100).optional(),
  plan: z.string().min(1).max(40).optional(),
  status: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type OrgRow = {
  id: string;
  slug: string;
  name: string;
  planCode: string;
  status: string | null;
  mrrCents: number;
  projects: number;
  seats: number;
  runs: number;
  limits: { projects: number | null; seats: number | null; runsPerMonth: number | null };
  createdAt: Date;
};

/**
 * The orgs an operator searches (name, slug, id or Stripe customer id), with plan, status, MRR and usage against the
 * plan's limits; one query, paged, so it costs the same with ten thousand orgs as with ten.
 */
export async function searchOrgs(viewer: Viewer, query: z.infer<typeof orgDirectoryQuery>): Promise<{ orgs: OrgRow[]; total: number }> {
  assertOperator(viewer);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db.$queryRaw<
    (Omit<OrgRow, "mrrCents" | "limits"> & { mrr: number; limits: OrgRow["limits"]; extra_seats: number; total: bigint })[]
  >`
    with matching as (
      select o.* from "Organization" o
      where (${pattern}::text is null or o."name" ilike ${pattern} or o."slug" ilike ${pattern} or o."id" = ${query.q ?? ""} or o."stripeCustomerId" = ${query.q ?? ""})
        and (${query.plan ?? null}::text is null or o."planCode" = ${query.plan ?? null})
        and (${query.status ?? null}::text is null or o."subscriptionStatus" = ${query.status ?? null})
    ), page as (
      select m.*, count(*) over () as total from matching m order by m."createdAt" desc, m."id" desc limit ${query.limit} offset ${query.offset}
    )
    select p."id", p."slug", p."name", p."planCode", p."subscriptionStatus" as status, p."createdAt", p.total,
           pl."limits",
           (select count(*)::int from "Project" x where x."orgId" = p."id") as projects,
           ((select count(*)::int from "Membership" x where x."orgId" = p."id")
             + (select count(*)::int from "Invitation" x where x."orgId" = p."id" and x."acceptedAt" is null and x."revokedAt" is null and x."expiresAt" > now())) as seats,
           coalesce((select u."count" from "UsageCounter" u where u."orgId" = p."id" and u."meter" = 'runs' and u."periodStart" <= now()
                     order by u."periodStart" desc limit 1), 0) as runs,
           coalesce((select sum((a."effect"->>'seats')::int)::int from "OrgAddOn" oa join "AddOn" a on a."code" = oa."addOnCode"
                     where oa."orgId" = p."id" and oa."status" = any(${["active", "trialing", "past_due"]})), 0) as extra_seats,
           (coalesce((select sum(round(case when s."interval" = 'year' then sp."annualPriceCents" / 12.0 else sp."monthlyPriceCents" end * s."quantity"))
                      from "Subscription" s join "Plan" sp on sp."code" = s."planCode"
                      where s."orgId" = p."id" and s."status" = any(${EARNING_STATUSES})), 0)
            + coalesce((select sum(case when a."interval" = 'year' then round(a."priceCents" / 12.0) else a."priceCents" end)
                        from "OrgAddOn" oa join "AddOn" a on a."code" = oa."addOnCode"
                        where oa."orgId" = p."id" and oa."status" = any(${EARNING_STATUSES})), 0)
            -- The metered overage of the org's newest counting period so far, as the platform's MRR counts it.
            + coalesce((select sum(pl."overageRunPriceCents" * e."value") from "MeterEvent" e
                        where e."orgId" = p."id" and e."status" <> 'rejected'
                          and e."periodStart" = (select u."periodStart" from "UsageCounter" u where u."orgId" = p."id" and u."meter" = 'runs'
                                                 and u."periodStart" <= now() order by u."periodStart" desc limit 1)), 0))::float8 as mrr
    from page p join "Plan" pl on pl."code" = p."planCode"
    order by p."createdAt" desc, p."id" desc`;
  return {
    total: Number(rows[0]?.total ?? 0),
    orgs: rows.map(({ mrr, extra_seats, total: _total, limits, ...row }) => ({
      ...row,
      mrrCents: Math.round(mrr),
      limits: { ...limits, seats: limits.seats === null ? null : limits.seats + extra_seats },
    })),
  };
}
