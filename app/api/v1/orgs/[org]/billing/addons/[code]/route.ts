// DELETE /api/v1/orgs/{org}/billing/addons/{code} – cancel an add-on at the end of its period (admin)
import { cancelAddOn } from "@/lib/billing/addons";
import { withOrg } from "@/lib/http/route";

export const DELETE = withOrg({ role: "admin" }, async ({ org, user, params }) =>
  Response.json(await cancelAddOn(org, user.id, params.code ?? "")),
);
