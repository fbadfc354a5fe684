// POST /api/v1/orgs/{org}/billing/portal – a Customer Portal URL that returns to the billing page (admin)
import { createPortalSession } from "@/lib/billing/commands/portal";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "admin" }, async ({ org }) => Response.json(await createPortalSession(org), { status: 201 }));
