import type Stripe from "stripe";
import { recordBalanceChange } from "./customer-balance";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { hostedUrl, type DomainContext } from "../http/router";
import type { Customer } from "./customers";
import type { Coupon } from "./discounts";
import type { Price } from "./catalog";
import { discountAmount, discountApplies, recordDiscountUse, type Discount } from "./discount-rules";

export type Invoice = Stripe.Invoice & Stored;
export type InvoiceItem = Stripe.InvoiceItem & Stored;
export type Ctx = DomainContext;
export type InvoicePaymentLink = Stored & { object: "emulator.invoice_payment"; invoice: string; payment_intent: string };

export type LineInput = {
  amount: number;
  description: string;
  periodStart: number;
  periodEnd: number;
  price: Price | null;
  quantity: number;
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string | null;
  invoiceItem: string | null;
  metadata?: Record<string, string>;
};

export const linkId = (piId: string) => `invpay_${piId}`;

function lineItem(invoiceId: string, currency: string, l: LineInput): Stripe.InvoiceLineItem {
  const parent = l.invoiceItem
    ? {
        type: "invoice_item_details",
        invoice_item_details: {
          invoice_item: l.invoiceItem,
          proration: l.proration,
          proration_details: { credited_items: null },
          subscription: l.subscription,
        },
        subscription_item_details: null,
      }
    : {
        type: "subscription_item_details",
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: l.proration,
          proration_details: { credited_items: null },
          subscription: l.subscription,
          subscription_item: l.subscriptionItem,
        },
      };
  return {
    id: newId("il"),
    object: "line_item",
    amount: l.amount,
    currency,
    description: l.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: l.metadata ?? {},
    parent,
    period: { end: l.periodEnd, start: l.periodStart },
    pretax_credit_amounts: [],
    pricing: l.price
      ? {
          price_details: { price: l.price.id, product: l.price.product as string },
          type: "price_details",
          unit_amount_decimal: String(l.price.unit_amount),
        }
      : null,
    quantity: l.quantity,
    quantity_decimal: l.quantity === null || l.quantity === undefined ? null : String(l.quantity),
    subscription: l.subscription,
    subtotal: l.amount,
    taxes: [],
  } as unknown as Stripe.InvoiceLineItem;
}

/** A draft invoice for a customer with these lines, discounts taken off and customer credit applied. */
export function draftInvoice(
  ctx: Ctx,
  opts: {
    customer: Customer;
    subscription: (Stored & { id: string; metadata: Record<string, string>; discounts: unknown[] }) | null;
    billingReason: Stripe.Invoice.BillingReason;
    lines: LineInput[];
    periodStart: number;
    periodEnd: number;
    at: number;
    collectionMethod?: "charge_automatically" | "send_invoice";
    daysUntilDue?: number | null;
    description?: string | null;
    metadata?: Record<string, string>;
    currency?: string;
  },
): Invoice {
  const { tx } = ctx;
  const id = newId("in");
  const currency = opts.currency ?? opts.lines[0]?.price?.currency ?? "usd";
  const lines = opts.lines.map((l) => lineItem(id, currency, l));
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const own = (opts.subscription?.discounts ?? [])
    .map((d) => tx.get<Discount>(typeof d === "string" ? d : (d as { id: string }).id))
    .filter((d): d is Discount => Boolean(d));
  // Without discounts of its own, an invoice takes the customer's (set with an older API version's `coupon`).
  const customerDiscount = (opts.customer as { discount?: Discount | null }).discount;
  const discounts = own.length > 0 || !customerDiscount ? own : [customerDiscount];
  const totalDiscounts: { amount: number; discount: string }[] = [];
  let remaining = subtotal;
  for (const discount of discounts) {
    const coupon = tx.get<Coupon>(discount.source.coupon as string);
    if (!coupon || !discountApplies(tx, discount, coupon, opts.at)) continue;
    const amount = Math.min(remaining, discountAmount(coupon, remaining));
    if (amount > 0) totalDiscounts.push({ amount, discount: discount.id });
    remaining -= amount;
  }
  const total = subtotal - totalDiscounts.reduce((s, d) => s + d.amount, 0);
  const startingBalance = opts.customer.balance;
  const amountDue = Math.max(0, total + startingBalance);
  const invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Tollgate (local Stripe)",
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: opts.billingReason,
    collection_method: opts.collectionMethod ?? "charge_automatically",
    confirmation_secret: null,
    created: opts.at,
    currency,
    custom_fields: null,
    customer: opts.customer.id,
    customer_account: null,
    customer_address: opts.customer.address,
    customer_email: opts.customer.email,
    customer_name: opts.customer.name ?? null,
    customer_phone: opts.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: opts.description ?? null,
    discounts: totalDiscounts.map((d) => d.discount),
    due_date: opts.collectionMethod === "send_invoice" ? opts.at + (opts.daysUntilDue ?? 30) * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: opts.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: opts.subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: opts.subscription.metadata, subscription: opts.subscription.id },
          type: "subscription_details",
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: opts.periodEnd,
    period_start: opts.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: opts.customer.test_clock ?? null,
    total,
    total_discount_amounts: totalDiscounts,
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: opts.at,
  } as unknown as Invoice;
  tx.put(invoice);
  for (const d of totalDiscounts) recordDiscountUse(tx, d.discount);
  for (const l of opts.lines) {
    if (!l.invoiceItem) continue;
    const item = tx.get<InvoiceItem>(l.invoiceItem);
    if (item) tx.put({ ...item, invoice: id });
  }
  ctx.emit("invoice.created", invoice);
  return invoice;
}

/** Opens a draft: it gets its number, hosted page and PDF; a zero invoice is paid at once. */
export function finalizeInvoice(ctx: Ctx, invoice: Invoice, at: number): Invoice {
  const { tx } = ctx;
  const customer = tx.get<Customer>(invoice.customer as string)!;
  const number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence ?? 1).padStart(4, "0")}`;
  // Customer credit is used up by this invoice (or grows, for a negative one).
  const newBalance = Math.min(0, invoice.total + customer.balance);
  tx.put({ ...customer, next_invoice_sequence: (customer.next_invoice_sequence ?? 1) + 1 });
  if (newBalance !== customer.balance)
    recordBalanceChange(tx, customer.id, {
      amount: newBalance - customer.balance,
      currency: invoice.currency,
      type: "applied_to_invoice",
      at,
      invoice: invoice.id,
    });
  const open = {
    ...invoice,
    status: "open",
    number,
    effective_at: at,
    ending_balance: newBalance,
    hosted_invoice_url: hostedUrl(ctx, `/invoices/${invoice.id}`),
    invoice_pdf: hostedUrl(ctx, `/invoices/${invoice.id}/pdf`),
    status_transitions: { ...invoice.status_transitions, finalized_at: at },
  } as Invoice;
  tx.put(open);
  ctx.emit("invoice.finalized", open);
  return open.amount_due === 0 ? markInvoicePaid(ctx, open, at) : open;
}

export function markInvoicePaid(ctx: Ctx, invoice: Invoice, at: number): Invoice {
  const paid = {
    ...invoice,
    status: "paid",
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempted: true,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: at },
  } as Invoice;
  ctx.tx.put(paid);
  ctx.emit("invoice.paid", paid);
  ctx.emit("invoice.payment_succeeded", paid);
  ctx.outcomes.invoicePaid(ctx, paid, at);
  return paid;
}
