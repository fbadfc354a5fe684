// POST /api/v1/admin/platform-health/snapshot – capture today's capacity snapshot now; 201 the first time today, 200 after (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { captureSnapshot } from "@/lib/platform-health/snapshots";

export const POST = superadminRoute(async () => {
  const { snapshot, created } = await captureSnapshot();
  return Response.json({ snapshot, created }, { status: created ? 201 : 200 });
});
