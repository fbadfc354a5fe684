// DELETE /api/v1/orgs/{org}/billing/addons/{code} – cancel an add-on at the end of its period (admin)
import { cancelAddOn } from "@/lib/billing/commands/addons";
import { withOrg } from "@/lib/api/route";

export const DELETE = withOrg({ role: "admin" }, async ({ org, user, params }) =>
  Response.json(await cancelAddOn(org, user.id, params.code ?? "")),
);
