// GET /api/v1/orgs/{org}/billing/overage – what runs beyond the allowance do, the cap, and this period's overage so far and
// projected (any member)
// PUT – {"mode": "credits" | "metered" | "stop", "capCents"?: number | null} (admin)
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";
import { overageInput, setOverage } from "@/lib/billing/commands/overage";
import { subscriptionSummary } from "@/lib/billing/read/subscription-summary";
import { overageView } from "@/lib/usage/overage-mode";

export const GET = withOrg({ role: "member" }, async ({ org }) =>
  Response.json(await overageView(org.id, (await subscriptionSummary(org.id)).usage.runs)),
);

export const PUT = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await setOverage(org, user.id, await readJson(req, overageInput))),
);
