// Collecting an open invoice: charging its payment method through its payment intent, and recording a failure.

import { Tx, Stored } from "../store/store";
import { Customer } from "./customers";
import { Ctx } from "./disputes";
import { Invoice, markInvoicePaid, InvoicePaymentLink, linkId } from "./invoice-lifecycle";
import { PaymentIntent, createPaymentIntent, confirmIntent } from "./payment-intents";

/** The payment method an invoice is charged with: given, or the subscription's, or the customer's default. */
function invoicePaymentMethod(tx: Tx, invoice: Invoice): string | null {
  if (invoice.default_payment_method) return invoice.default_payment_method as string;
  const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const sub = subId ? tx.get<Stored & { default_payment_method: string | null }>(subId) : undefined;
  if (sub?.default_payment_method) return sub.default_payment_method;
  const customer = tx.get<Customer>(invoice.customer as string);
  return (customer?.invoice_settings.default_payment_method as string | null) ?? null;
}

export type Attempt = {
  invoice: Invoice;
  intent: PaymentIntent | null;
  outcome: "paid" | "failed" | "requires_action" | "no_payment_method";
};

/** Tries to collect an open invoice through its payment intent, as Stripe's automatic collection does. */
export function attemptInvoicePayment(
  ctx: Ctx,
  invoice: Invoice,
  at: number,
  opts: { paymentMethod?: string; offSession?: boolean } = {},
): Attempt {
  const { tx } = ctx;
  if (invoice.amount_remaining === 0) return { invoice: markInvoicePaid(ctx, invoice, at), intent: null, outcome: "paid" };
  const pm = opts.paymentMethod ?? invoicePaymentMethod(tx, invoice);
  let intent = existingIntent(tx, invoice);
  if (!intent) {
    intent = createPaymentIntent(
      { ...ctx, now: at },
      {
        amount: invoice.amount_remaining,
        currency: invoice.currency,
        customer: invoice.customer as string,
        description: `Invoice ${invoice.number ?? invoice.id}`,
        payment_method_types: ["card"],
        ...(pm ? { payment_method: pm } : {}),
      },
    );
    tx.put<InvoicePaymentLink>({
      id: linkId(intent.id),
      object: "emulator.invoice_payment",
      invoice: invoice.id,
      payment_intent: intent.id,
    });
    invoice = { ...invoice, confirmation_secret: { client_secret: intent.client_secret!, type: "payment_intent" } } as Invoice;
    tx.put(invoice);
  } else if (pm && intent.payment_method !== pm) {
    intent = { ...intent, payment_method: pm, status: "requires_confirmation" } as PaymentIntent;
    tx.put(intent);
  }
  if (!pm) return recordFailure(ctx, invoice, at, intent, "no_payment_method");
  const result = confirmIntent({ ...ctx, now: at }, intent, { offSession: opts.offSession ?? true, skipOutcomes: true });
  const fresh = tx.get<Invoice>(invoice.id)!;
  if (result.status === "succeeded")
    return {
      invoice: markInvoicePaid(ctx, { ...fresh, attempt_count: fresh.attempt_count + 1 } as Invoice, at),
      intent: result,
      outcome: "paid",
    };
  if (result.status === "requires_action") {
    ctx.emit("invoice.payment_action_required", fresh);
    return { invoice: fresh, intent: result, outcome: "requires_action" };
  }
  const failure = recordFailure(ctx, fresh, at, result, "failed");
  // As on Stripe: a payment the card's bank wants authenticated also asks the customer to act.
  if (result.last_payment_error?.code === "authentication_required") ctx.emit("invoice.payment_action_required", failure.invoice);
  return failure;
}

function recordFailure(
  ctx: Ctx,
  invoice: Invoice,
  at: number,
  intent: PaymentIntent | null,
  outcome: "failed" | "no_payment_method",
): Attempt {
  const failed = { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1 } as Invoice;
  ctx.tx.put(failed);
  ctx.emit("invoice.payment_failed", failed);
  return { invoice: failed, intent, outcome };
}

function existingIntent(tx: Tx, invoice: Invoice): PaymentIntent | null {
  const secret = invoice.confirmation_secret?.client_secret;
  if (!secret) return null;
  const intent = tx.get<PaymentIntent>(secret.split("_secret_")[0]!);
  return intent && intent.status !== "canceled" ? intent : null;
}
