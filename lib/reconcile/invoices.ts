import "server-only";
import { isDeepStrictEqual } from "node:util";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { mirrorInvoice } from "@/lib/billing/sync/invoice";
import { idOf } from "@/lib/stripe/objects";
import { mismatchOnce, repaired, unix, type ReconcileContext } from "./context";
import { orgIdsOf, type ReconcileScope } from "./scope";

const shape = (i: { status: string; total: number; amountPaid: number; amountDue: number }) => ({
  status: i.status,
  total: i.total,
  amountPaid: i.amountPaid,
  amountDue: i.amountDue,
});

const stripeShape = (invoice: Stripe.Invoice) =>
  shape({ status: invoice.status ?? "draft", total: invoice.total, amountPaid: invoice.amount_paid, amountDue: invoice.amount_due });

/** The scope's invoices since the run's `since`, compared from the list; one that differs is mirrored again from a fresh read. */
export async function reconcileInvoices(scope: ReconcileScope, ctx: ReconcileContext): Promise<void> {
  const stripe = requireStripe();
  const seen = new Set<string>();
  for await (const listed of stripe.invoices.list({ ...scope.listFilter, created: { gte: unix(ctx.since) }, limit: 100 })) {
    const customerId = idOf(listed.customer);
    const orgId = customerId ? scope.orgByCustomer.get(customerId) : undefined;
    if (!listed.id || !orgId) continue;
    seen.add(listed.id);
    ctx.counts.objectsCompared++;
    const local = await db.invoice.findUnique({
      where: { stripeInvoiceId: listed.id },
      select: { status: true, total: true, amountPaid: true, amountDue: true },
    });
    if (local && isDeepStrictEqual(shape(local), stripeShape(listed))) continue;
    const invoiceId = listed.id;
    const current = await withCustomerLock(customerId, async () => {
      const invoice = await stripe.invoices.retrieve(invoiceId);
      await db.$transaction((tx) => mirrorInvoice(tx, orgId, invoice));
      return invoice;
    });
    await repaired(ctx, orgId, "reconcile.invoice_repaired", { invoice: invoiceId, before: local, after: stripeShape(current) });
  }
  // Invoices in the mirror, from the same window, that Stripe did not list for their customer.
  const local = await db.invoice.findMany({
    where: { orgId: { in: orgIdsOf(scope) }, stripeCreatedAt: { gte: ctx.since } },
    select: { orgId: true, stripeInvoiceId: true, status: true, total: true },
  });
  for (const invoice of local.filter((i) => !seen.has(i.stripeInvoiceId))) {
    await mismatchOnce(
      ctx,
      invoice.orgId,
      "reconcile.invoice_unknown_to_stripe",
      ["invoice", invoice.stripeInvoiceId],
      { localStatus: invoice.status, total: invoice.total },
      "Tollgate shows an invoice for this org that Stripe does not list for its customer.",
    );
  }
}
