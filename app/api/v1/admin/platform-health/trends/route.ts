// GET /api/v1/admin/platform-health/trends?days=30 – growth of each figure over the window's snapshots (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { platformTrends, trendsQuery } from "@/lib/platform-health/report";

export const GET = superadminRoute(async ({ req }) => {
  const { days } = trendsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await platformTrends(days));
});
