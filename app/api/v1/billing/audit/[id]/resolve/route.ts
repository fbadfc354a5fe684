// POST /api/v1/billing/audit/{id}/resolve – mark an entry resolved with a resolution text (superadmin)
import { resolveAuditEntry, resolveInput } from "@/lib/audit/audit-queries";
import { readJson } from "@/lib/http/read-json";
import { superadminRoute } from "@/lib/api/route";

export const POST = superadminRoute(async ({ req, params, user }) =>
  Response.json({ entry: await resolveAuditEntry(params.id ?? "", user.id, await readJson(req, resolveInput)) }),
);
