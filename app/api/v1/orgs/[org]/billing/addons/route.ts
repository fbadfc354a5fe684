// GET /api/v1/orgs/{org}/billing/addons – the add-on catalog and what the org bought; POST – buy one (admin): Checkout,
// or with `"card": "saved"` the card on file at once
import { buyAddOnWithCardOnFile } from "@/lib/billing/commands/addon-card-on-file";
import { orgAddOns } from "@/lib/billing/read/org-add-ons";
import { addOnPurchaseInput, createCheckout } from "@/lib/billing/commands/checkout";
import { readJson } from "@/lib/http/read-json";
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "admin" }, async ({ org }) => Response.json(await orgAddOns(org.id)));

export const POST = withOrg({ role: "admin" }, async ({ req, org, user }) => {
  const { card, ...input } = await readJson(req, addOnPurchaseInput);
  if (card === "saved") return Response.json(await buyAddOnWithCardOnFile(org, user.id, input.addOn, input.domain), { status: 201 });
  return Response.json(await createCheckout(org, user.id, { ...input, interval: "month" }), { status: 201 });
});
