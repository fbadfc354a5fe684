// GET /api/v1/billing/tiers – the public plan catalog and add-ons (no sign-in)
import { listAddOns, listPlans } from "@/lib/catalog/catalog";
import { publicRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => Response.json({ plans: await listPlans(), addOns: await listAddOns() }));
