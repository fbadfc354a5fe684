import "server-only";
import { utc } from "@date-fns/utc";
import { subDays } from "date-fns";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordBillingEmail } from "./outbox";
import type { PaymentFailedData, ReceiptData } from "./render/templates";

/** An invoice first seen long after the fact (a first reconcile, a backfill) is history, not news: no email. */
const NEWS_WINDOW_DAYS = 3;

const iso = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);

type Before = { status: string; attemptCount: number } | null;

/**
 * The emails an invoice's change calls for, recorded in the transaction that mirrors it: a receipt when it becomes
 * paid with an amount, and a payment-failed notice for each failed attempt.
 */
export async function recordInvoiceEmails(
  tx: Prisma.TransactionClient,
  orgId: string,
  before: Before,
  invoice: Stripe.Invoice,
  now = new Date(),
): Promise<void> {
  if (!invoice.id) return;
  const news = (at: number | null | undefined) =>
    before !== null || (at ?? 0) * 1000 >= subDays(now, NEWS_WINDOW_DAYS, { in: utc }).getTime();
  const paidAt = invoice.status_transitions?.paid_at;
  if (invoice.status === "paid" && before?.status !== "paid" && invoice.amount_paid > 0 && news(paidAt)) {
    const data: ReceiptData = {
      invoiceId: invoice.id,
      number: invoice.number ?? null,
      amountPaid: invoice.amount_paid,
      currency: invoice.currency,
      periodStart: iso(invoice.lines?.data[0]?.period?.start ?? invoice.period_start),
      periodEnd: iso(invoice.lines?.data[0]?.period?.end ?? invoice.period_end),
      paidAt: iso(paidAt),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
      invoicePdf: invoice.invoice_pdf ?? null,
    };
    await recordBillingEmail(tx, { kind: "receipt", causeKey: invoice.id, orgId, data });
  }
  const attempts = invoice.attempt_count ?? 0;
  const due = invoice.status_transitions?.finalized_at ?? invoice.created;
  if (invoice.status === "open" && attempts > (before?.attemptCount ?? 0) && invoice.amount_remaining > 0 && news(due)) {
    const data: PaymentFailedData = {
      invoiceId: invoice.id,
      number: invoice.number ?? null,
      amountDue: invoice.amount_remaining,
      currency: invoice.currency,
      attemptCount: attempts,
      nextPaymentAttempt: iso(invoice.next_payment_attempt),
      graceEndsAt: iso(due + env().PAST_DUE_GRACE_DAYS * 86_400),
      hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    };
    await recordBillingEmail(tx, { kind: "payment_failed", causeKey: `${invoice.id}:attempt:${attempts}`, orgId, data });
  }
}
