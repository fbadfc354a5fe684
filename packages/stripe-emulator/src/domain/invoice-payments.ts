import type Stripe from "stripe";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import type { PaymentIntent } from "./payment-intents";

/** What the billing code records when an invoice gets a PaymentIntent (billing/invoices.ts). */
export type Link = Stored & { object: "emulator.invoice_payment"; invoice: string; payment_intent: string };

/** Stripe's InvoicePayment: which PaymentIntent pays which invoice (since API 2025-03-31, charges no longer name their invoice). */
export function invoicePayment(tx: ApiContext["tx"], link: Link): Stripe.InvoicePayment {
  const intent = tx.get<PaymentIntent>(link.payment_intent);
  const paid = intent?.status === "succeeded";
  return {
    id: `inpay_${link.payment_intent.slice(3)}`,
    object: "invoice_payment",
    amount_paid: paid ? intent!.amount_received : null,
    amount_requested: intent?.amount ?? 0,
    created: intent?.created ?? 0,
    currency: intent?.currency ?? "usd",
    invoice: link.invoice,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: link.payment_intent },
    status: paid ? "paid" : intent?.status === "canceled" ? "canceled" : "open",
    status_transitions: { canceled_at: null, paid_at: paid ? intent!.created : null },
  } as Stripe.InvoicePayment;
}

/** An invoice's payments, the list `expand[]=payments` includes on it. */
export function paymentsOfInvoice(tx: ApiContext["tx"], invoiceId: string) {
  const data = tx.all<Link>("emulator.invoice_payment", (l) => l.invoice === invoiceId).map((l) => invoicePayment(tx, l));
  return { object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${invoiceId}` };
}
