// GET /api/v1/admin/orgs/{orgId}/timeline – one org's billing history: audit, Stripe events, invoices, credits, emails (superadmin)
import { orgTimeline } from "@/lib/admin/org-timeline";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ params, user }) =>
  Response.json(await orgTimeline(user, params.orgId ?? "", { allEvents: true })),
);
