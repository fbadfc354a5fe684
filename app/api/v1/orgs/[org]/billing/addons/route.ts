// GET /api/v1/orgs/{org}/billing/addons – the add-on catalog and what the org bought; POST – Checkout for one (admin)
import { orgAddOns } from "@/lib/billing/addons";
import { addOnCheckoutInput, createCheckout } from "@/lib/billing/checkout";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/http/route";

export const GET = withOrg({ role: "admin" }, async ({ org }) => Response.json(await orgAddOns(org.id)));

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await createCheckout(org, user.id, await readJson(req, addOnCheckoutInput)), { status: 201 }),
);
