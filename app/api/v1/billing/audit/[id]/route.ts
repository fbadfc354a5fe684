// GET /api/v1/billing/audit/{id} – one entry with its Stripe event (superadmin)
import { getAuditEntry } from "@/lib/audit/audit-queries";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ params, user }) => Response.json({ entry: await getAuditEntry(user, params.id ?? "") }));
