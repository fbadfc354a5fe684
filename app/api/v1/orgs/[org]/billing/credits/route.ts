// GET /api/v1/orgs/{org}/billing/credits – the credit balance and the newest ledger entries (any member)
import { creditSummary } from "@/lib/credits/ledger";
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "member" }, async ({ org }) => Response.json(await creditSummary(org.id)));
