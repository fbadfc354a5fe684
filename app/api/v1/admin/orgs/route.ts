// GET /api/v1/admin/orgs?q=&plan=&status=&limit=&offset= – search orgs with plan, status, MRR and usage (superadmin)
import { orgDirectoryQuery, searchOrgs } from "@/lib/admin/org-directory";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ req, user }) =>
  Response.json(await searchOrgs(user, orgDirectoryQuery.parse(Object.fromEntries(new URL(req.url).searchParams)))),
);
