import { RESOURCES, type Measurement, type Resource } from "./measure";

type ResourceCapacity = {
  actual: number;
  /** The sum of every limited org's limit; orgs with no limit for the resource are in `unlimited_orgs`. */
  theoretical_limit: number;
  unlimited_orgs: number;
  /** actual / theoretical_limit, in percent with two decimals; null when no org has a limit. */
  utilization_percent: number | null;
  headroom: number;
};

export type SubscriptionCapacity = {
  total_subscriptions: number;
  distribution: Record<string, number>;
  resources: Record<Resource, ResourceCapacity>;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

const actualOf = (m: Measurement, resource: Resource) =>
  resource === "projects" ? m.projects : resource === "seats" ? m.seats : m.runsThisPeriod;

/** How much of what the platform's plans allow is in use, resource by resource. */
export function subscriptionCapacity(m: Measurement): SubscriptionCapacity {
  const resources = Object.fromEntries(
    RESOURCES.map((resource) => {
      const actual = actualOf(m, resource);
      const { limit, unlimitedOrgs } = m.theoreticalLimits[resource];
      const capacity: ResourceCapacity = {
        actual,
        theoretical_limit: limit,
        unlimited_orgs: unlimitedOrgs,
        utilization_percent: limit > 0 ? round2((actual / limit) * 100) : null,
        headroom: limit - actual,
      };
      return [resource, capacity];
    }),
  ) as Record<Resource, ResourceCapacity>;
  return {
    total_subscriptions: Object.values(m.subscriptionsByPlan).reduce((a, b) => a + b, 0),
    distribution: m.subscriptionsByPlan,
    resources,
  };
}
