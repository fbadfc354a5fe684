// GET /api/v1/orgs/{org}/billing/invoices – invoice history with hosted and PDF links, newest first (admin)
import { invoiceListQuery, listInvoices } from "@/lib/billing/read/invoice-list";
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "admin" }, async ({ req, org }) =>
  Response.json(await listInvoices(org.id, invoiceListQuery.parse(Object.fromEntries(new URL(req.url).searchParams)))),
);
