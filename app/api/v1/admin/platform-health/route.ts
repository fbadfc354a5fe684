// GET /api/v1/admin/platform-health – health, capacity, subscription capacity, trends and recommendations (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { platformReport } from "@/lib/platform-health/report";

export const GET = superadminRoute(async () => Response.json(await platformReport()));
