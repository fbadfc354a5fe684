// GET /api/v1/billing/audit?org_id=&kind=&unresolved=&limit=&before= – the billing audit log (superadmin)
import { auditListQuery, listAuditEntries } from "@/lib/audit/audit-queries";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ req, user }) =>
  Response.json(await listAuditEntries(user, auditListQuery.parse(Object.fromEntries(new URL(req.url).searchParams)))),
);
