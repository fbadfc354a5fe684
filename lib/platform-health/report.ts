import "server-only";
import { z } from "zod";
import { platformHealth } from "./health";
import { measurePlatform } from "./measure";
import { recommendations } from "./recommendations";
import { pointOf, recentSnapshots } from "./snapshots";
import { subscriptionCapacity } from "./subscription-capacity";
import { trendsFrom } from "./trends";

const DEFAULT_TREND_DAYS = 30;

export const trendsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(DEFAULT_TREND_DAYS) }).strict();

export async function platformTrends(days = DEFAULT_TREND_DAYS, now = new Date()) {
  return trendsFrom((await recentSnapshots(days, now)).map(pointOf), days);
}

/** Everything the platform-health API and the console's overview show, measured once. */
export async function platformReport(now = new Date(), trendDays = DEFAULT_TREND_DAYS) {
  const [health, capacity, trends] = await Promise.all([platformHealth(now), measurePlatform(now), platformTrends(trendDays, now)]);
  const subscriptions = subscriptionCapacity(capacity);
  return {
    generated_at: now.toISOString(),
    health,
    capacity,
    subscription_capacity: subscriptions,
    trends,
    recommendations: recommendations({
      capacity: subscriptions,
      orgs: {
        total: capacity.orgsTotal,
        active: capacity.orgsActive,
        pastDue: capacity.orgsPastDue,
        projectedIn30Days: trends.metrics.orgsTotal.projection_30d,
      },
      health,
    }),
  };
}
