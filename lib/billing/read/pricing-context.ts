import "server-only";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { listUserOrgs } from "@/lib/orgs/list-user-orgs";
import { hasRole } from "@/lib/orgs/roles";
import type { PricingOrg } from "@/lib/plans/plan-action";
import { ENDED_STATUSES, hasEnded } from "@/lib/plans/subscription-states";

/**
 * Whose plans /pricing is showing a signed-in user: the org named in `?org=`, else the first they
 * administer, else their first. Null when they belong to none (plan buttons then lead to org creation).
 */
export async function pricingOrgFor(
  userId: string,
  requestedSlug?: string,
): Promise<{ current: PricingOrg | null; orgs: { slug: string; name: string }[] }> {
  const orgs = await listUserOrgs(userId);
  const chosen = orgs.find((o) => o.slug === requestedSlug) ?? orgs.find((o) => hasRole(o.role, "admin")) ?? orgs[0];
  if (!chosen) return { current: null, orgs: [] };
  const [ent, org, sub] = await Promise.all([
    getEntitlements(chosen.id),
    db.organization.findUniqueOrThrow({ where: { id: chosen.id }, select: { trialUsedAt: true } }),
    db.subscription.findFirst({
      where: { orgId: chosen.id, status: { notIn: ENDED_STATUSES } },
      orderBy: { createdAt: "desc" },
      select: { interval: true },
    }),
  ]);
  const subscribed = ent.status !== null && !hasEnded(ent.status);
  return {
    orgs: orgs.map((o) => ({ slug: o.slug, name: o.name })),
    current: {
      slug: chosen.slug,
      name: chosen.name,
      admin: hasRole(chosen.role, "admin"),
      planCode: ent.planCode,
      interval: subscribed ? (sub?.interval ?? null) : null,
      subscribed,
      trialAvailable: !subscribed && org.trialUsedAt === null,
    },
  };
}
