// POST /api/v1/orgs/{org}/billing/change-tier – switch plan or interval (upgrade now with proration; downgrade now or at period end) (admin)
import { changePlan, changePlanInput } from "@/lib/billing/commands/plan-change";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await changePlan(org, user.id, await readJson(req, changePlanInput))),
);
