import "server-only";
import { requireStripe } from "@/lib/stripe/client";
import { idOf } from "@/lib/stripe/objects";

/** The invoice a PaymentIntent pays, if any (charges stopped naming their invoice in API 2025-03-31; InvoicePayments do). */
export async function invoiceOfPaymentIntent(intentId: string | null): Promise<string | null> {
  if (!intentId) return null;
  const payments = await requireStripe().invoicePayments.list({ payment: { type: "payment_intent", payment_intent: intentId }, limit: 1 });
  return idOf(payments.data[0]?.invoice ?? null);
}
