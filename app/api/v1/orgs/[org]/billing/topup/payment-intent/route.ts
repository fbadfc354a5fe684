// POST /api/v1/orgs/{org}/billing/topup/payment-intent – a PaymentIntent's client secret for a credit pack (any member; 403 without a paid plan; `card: "saved"` charges the card on file, admins only)
import { createTopUpIntent, topupInput } from "@/lib/credits/topup-intent";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const POST = withOrg({ role: "member" }, async ({ req, org, user, role }) =>
  Response.json(await createTopUpIntent(org, user.id, await readJson(req, topupInput), role), { status: 201 }),
);
