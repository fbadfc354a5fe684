// GET /api/v1/admin/platform-health/capacity – the platform's size now: orgs, usage, theoretical limits, credits, MRR (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { measurePlatform } from "@/lib/platform-health/measure";

export const GET = superadminRoute(async () => Response.json({ capacity: await measurePlatform() }));
