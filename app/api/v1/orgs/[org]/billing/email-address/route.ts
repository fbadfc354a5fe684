// PUT /api/v1/orgs/{org}/billing/email-address – where billing emails go besides the owners: {"billingEmail": "…" | null} (admin)
import { billingAddressInput, setBillingAddress } from "@/lib/billing-emails/billing-address";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const PUT = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await setBillingAddress(org, user.id, await readJson(req, billingAddressInput))),
);
