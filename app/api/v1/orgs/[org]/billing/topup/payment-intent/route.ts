// POST /api/v1/orgs/{org}/billing/topup/payment-intent – a PaymentIntent's client secret for a credit pack (any member; 403 without an active paid subscription)
import { createTopUpIntent, topupInput } from "@/lib/credits/topup-intent";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/http/route";

export const POST = withOrg({ role: "member" }, async ({ req, org, user }) =>
  Response.json(await createTopUpIntent(org, user.id, await readJson(req, topupInput)), { status: 201 }),
);
