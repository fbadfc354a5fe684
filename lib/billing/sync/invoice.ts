import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { requireStripe } from "@/lib/stripe/client";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { fromUnix, idOf, subscriptionOfInvoice } from "@/lib/stripe/objects";
import { onceInBatch } from "./sync-batch";
import { recordInvoiceEmails } from "@/lib/billing-emails/invoice-emails";
import { lockOrg } from "@/lib/orgs/lock-org";

/** Mirrors an invoice as Stripe has it now; returns it so callers can follow its subscription. */
export function syncInvoice(invoiceId: string): Promise<Stripe.Invoice | null> {
  return onceInBatch(`invoice:${invoiceId}`, () => readAndMirrorInvoice(invoiceId));
}

async function readAndMirrorInvoice(invoiceId: string): Promise<Stripe.Invoice | null> {
  let invoice: Stripe.Invoice;
  try {
    invoice = await requireStripe().invoices.retrieve(invoiceId);
  } catch (err) {
    if ((err as { code?: string }).code === "resource_missing") return null;
    throw err;
  }
  const customerId = idOf(invoice.customer);
  const org = customerId ? await findOrgForCustomer(customerId) : null;
  if (org) await db.$transaction((tx) => mirrorInvoice(tx, org.id, invoice));
  return invoice;
}

/**
 * Upserts the local copy of an invoice already read from Stripe (also used by the subscription sync, in its
 * transaction), with the emails its change calls for recorded in the same transaction.
 */
export async function mirrorInvoice(tx: Prisma.TransactionClient, orgId: string, invoice: Stripe.Invoice): Promise<void> {
  if (!invoice.id) return;
  const data = {
    stripeSubscriptionId: subscriptionOfInvoice(invoice),
    number: invoice.number ?? null,
    status: invoice.status ?? "draft",
    billingReason: invoice.billing_reason ?? null,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    periodStart: fromUnix(invoice.period_start),
    periodEnd: fromUnix(invoice.period_end),
    attemptCount: invoice.attempt_count ?? 0,
    paidAt: fromUnix(invoice.status_transitions?.paid_at),
    stripeCreatedAt: fromUnix(invoice.created)!,
  };
  // The org first, as every billing transaction takes it: the email row below keys onto the org, and a sync holding
  // the org while it waits for this invoice would otherwise deadlock with us.
  await lockOrg(tx, orgId);
  const before = await tx.invoice.findUnique({ where: { stripeInvoiceId: invoice.id }, select: { status: true, attemptCount: true } });
  await tx.invoice.upsert({
    where: { stripeInvoiceId: invoice.id },
    create: { ...data, orgId, stripeInvoiceId: invoice.id },
    update: data,
  });
  await recordInvoiceEmails(tx, orgId, before, invoice);
}
