// GET /api/v1/admin/platform-health/subscription-capacity – subscriptions by plan and each resource's use of its limits (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { measurePlatform } from "@/lib/platform-health/measure";
import { subscriptionCapacity } from "@/lib/platform-health/subscription-capacity";

export const GET = superadminRoute(async () => Response.json(subscriptionCapacity(await measurePlatform())));
