// GET /api/v1/orgs/{org}/billing/subscription – plan, status, period, trial, cancel flag, usage against limits (any member)
import { subscriptionSummary } from "@/lib/billing/read/subscription-summary";
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "member" }, async ({ org }) => Response.json(await subscriptionSummary(org.id)));
