// POST /api/v1/orgs/{org}/billing/checkout – a Checkout Session URL for a plan and interval, or an add-on (admin)
import { checkoutInput, createCheckout } from "@/lib/billing/commands/checkout";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) =>
  Response.json(await createCheckout(org, user.id, await readJson(req, checkoutInput)), { status: 201 }),
);
