// POST /api/v1/orgs/{org}/billing/change-tier – switch plan or interval (upgrade now with proration; downgrade now or at period end) (admin)
import { changeTier, changeTierInput } from "@/lib/billing/manage";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/http/route";

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await changeTier(org, user.id, await readJson(req, changeTierInput))),
);
