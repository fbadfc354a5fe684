import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { keysetPage } from "@/lib/http/keyset-page";

export const invoiceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(64).optional(),
});

/** Invoices as synced from Stripe's invoice events, newest first, keyset-paginated by `before` (an invoice id). */
export async function listInvoices(orgId: string, query: z.infer<typeof invoiceListQuery>) {
  const rows = await db.invoice.findMany({
    where: { orgId },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
    select: {
      id: true,
      number: true,
      status: true,
      currency: true,
      subtotal: true,
      total: true,
      amountDue: true,
      amountPaid: true,
      hostedInvoiceUrl: true,
      invoicePdf: true,
      periodStart: true,
      periodEnd: true,
      paidAt: true,
      stripeCreatedAt: true,
      billingReason: true,
    },
  });
  const { items, hasMore, nextBefore } = keysetPage(rows, query.limit);
  return { invoices: items, hasMore, nextBefore };
}
