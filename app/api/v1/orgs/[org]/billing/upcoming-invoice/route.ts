// GET /api/v1/orgs/{org}/billing/upcoming-invoice[?plan=&interval=] – the next invoice, or the proration of a plan change (admin)
import { previewUpcomingInvoice } from "@/lib/billing/commands/invoice-preview";
import { targetQuery } from "@/lib/billing/commands/plan-change";
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "admin" }, async ({ req, org }) => {
  const params = new URL(req.url).searchParams;
  const target = params.has("plan") ? targetQuery.parse(Object.fromEntries(params)) : undefined;
  return Response.json(await previewUpcomingInvoice(org, target));
});
