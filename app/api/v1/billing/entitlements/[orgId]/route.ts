// GET /api/v1/billing/entitlements/{orgId} – what the org may do (members of that org and superadmins)
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { withOrgById } from "@/lib/api/route";

export const GET = withOrgById(async ({ org }) => Response.json({ entitlements: await getEntitlements(org.id) }));
