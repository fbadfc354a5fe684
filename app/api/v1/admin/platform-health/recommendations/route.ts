// GET /api/v1/admin/platform-health/recommendations – scaling advice from capacity, growth, payments, webhooks and the queue (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { platformReport } from "@/lib/platform-health/report";

export const GET = superadminRoute(async () => Response.json({ recommendations: (await platformReport()).recommendations }));
