// POST /api/v1/billing/emails/{id}/retry – send a failed billing email again (superadmin)
import { retryBillingEmail } from "@/lib/billing-emails/retry";
import { superadminRoute } from "@/lib/api/route";

export const POST = superadminRoute(async ({ params, user }) => Response.json(await retryBillingEmail(params.id ?? "", user.id)));
