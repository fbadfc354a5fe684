// POST /api/v1/orgs/{org}/billing/reactivate – undo a pending cancellation (admin)
import { reactivate } from "@/lib/billing/commands/cancellation";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "admin" }, async ({ org, user }) => Response.json(await reactivate(org, user.id)));
