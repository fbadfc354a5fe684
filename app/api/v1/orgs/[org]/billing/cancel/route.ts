// POST /api/v1/orgs/{org}/billing/cancel – cancel at the end of the period, with an optional reason (admin)
import { cancelAtPeriodEnd, cancelInput } from "@/lib/billing/commands/cancellation";
import { readOptionalJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await cancelAtPeriodEnd(org, user.id, await readOptionalJson(req, cancelInput))),
);
