import { invalidRequest, wrongState } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { bool, int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../store/ids";
import { draftInvoice, type Invoice, type InvoiceItem } from "../domain/invoice-lifecycle";
import { invoiceItemLine } from "../domain/subscription-lifecycle";
import { nowFor } from "../domain/time";
import type { Price } from "../domain/catalog";
import type { Customer } from "../domain/customers";
import { mergeMetadata, mustGet } from "../domain/common";

const itemParams = {
  customer: str().optional(),
  amount: int().optional(),
  currency: currency().optional(),
  description: str().optional(),
  invoice: str().optional(),
  quantity: int().optional(),
  subscription: str().optional(),
  metadata: metadata().optional(),
  unit_amount_decimal: str().optional(),
  price: str().optional(),
  pricing: obj({ price: str() }).optional(),
  period: obj({ start: int(), end: int() }).optional(),
  discountable: bool().optional(),
};

/** Invoice items: one-off charges that wait for the customer's next invoice, or go on a draft one. */
export function registerInvoiceItems(router: Router): void {
  router.add("POST", "/v1/invoiceitems", (ctx) => {
    const { tx, params, now, emit } = ctx;
    const p = parseParams(obj(itemParams), params);
    if (!p.customer) throw invalidRequest("Missing required param: customer.", { param: "customer", code: "parameter_missing" });
    const customer = mustGet<Customer>(tx, "customer", p.customer, "customer", "customer");
    const priceId = p.pricing?.price ?? p.price;
    const price = priceId ? mustGet<Price>(tx, "price", priceId, "price", "pricing[price]") : null;
    const quantity = p.quantity ?? 1;
    const amount = price
      ? (price.unit_amount ?? 0) * quantity
      : (p.amount ?? (p.unit_amount_decimal ? Number(p.unit_amount_decimal) * quantity : undefined));
    if (amount === undefined)
      throw invalidRequest("You must specify either `amount` or `pricing[price]`.", { param: "amount", code: "parameter_missing" });
    if (p.invoice) {
      const target = mustGet<Invoice>(tx, "invoice", p.invoice, "invoice", "invoice");
      if (target.status !== "draft") throw wrongState("You can only add invoice items to draft invoices.", "invoice_not_editable");
    }
    const at = nowFor(tx, customer.id, now);
    const item = {
      id: newId("ii"),
      object: "invoiceitem",
      amount,
      currency: price?.currency ?? p.currency ?? "usd",
      customer: customer.id,
      customer_account: null,
      date: at,
      description: p.description ?? null,
      discountable: p.discountable ?? true,
      discounts: [],
      invoice: p.invoice ?? null,
      livemode: false,
      metadata: mergeMetadata({}, p.metadata),
      parent: p.subscription
        ? { subscription_details: { subscription: p.subscription, subscription_item: null }, type: "subscription_details" }
        : null,
      period: p.period ?? { end: at, start: at },
      pricing: price
        ? {
            price_details: { price: price.id, product: price.product as string },
            type: "price_details",
            unit_amount_decimal: String(price.unit_amount),
          }
        : null,
      proration: false,
      quantity,
      quantity_decimal: String(quantity),
      tax_rates: [],
      test_clock: customer.test_clock ?? null,
    } as unknown as InvoiceItem;
    tx.put(item);
    emit("invoiceitem.created", item);
    if (p.invoice) {
      // Adding to a draft rebuilds its lines and totals.
      const draft = tx.get<Invoice>(p.invoice)!;
      const rebuilt = draftInvoice(
        { ...ctx, now: at, emit: () => {} },
        {
          customer,
          subscription: null,
          billingReason: draft.billing_reason!,
          lines: pendingForInvoice(tx, draft),
          periodStart: draft.period_start,
          periodEnd: draft.period_end,
          at: draft.created,
          currency: draft.currency,
        },
      );
      tx.delete(rebuilt.id);
      const totals = [
        "subtotal",
        "subtotal_excluding_tax",
        "total",
        "total_excluding_tax",
        "amount_due",
        "amount_remaining",
        "total_discount_amounts",
        "discounts",
      ] as const;
      const updated = {
        ...draft,
        lines: {
          ...rebuilt.lines,
          url: `/v1/invoices/${draft.id}/lines`,
          data: rebuilt.lines.data.map((l) => ({ ...l, invoice: draft.id })),
        },
      } as Invoice;
      for (const key of totals) (updated as Record<string, unknown>)[key] = rebuilt[key];
      tx.put(updated);
    }
    return tx.get(item.id);
  });
  router.add("GET", "/v1/invoiceitems/:id", ({ tx, path }) => mustGet<InvoiceItem>(tx, "invoiceitem", path.id!, "invoice item"));
  router.add("POST", "/v1/invoiceitems/:id", ({ tx, path, params }) => {
    const p = parseParams(obj({ description: str().optional(), metadata: metadata().optional(), amount: int().optional() }), params);
    const item = mustGet<InvoiceItem>(tx, "invoiceitem", path.id!, "invoice item");
    const after = {
      ...item,
      description: p.description ?? item.description,
      amount: p.amount ?? item.amount,
      metadata: mergeMetadata(item.metadata, p.metadata),
    };
    // Stripe has no invoiceitem.updated event at the pinned version.
    tx.put(after);
    return after;
  });
  router.add("DELETE", "/v1/invoiceitems/:id", ({ tx, path, emit }) => {
    const item = mustGet<InvoiceItem>(tx, "invoiceitem", path.id!, "invoice item");
    const invoice = item.invoice ? tx.get<Invoice>(item.invoice as string) : null;
    if (invoice && invoice.status !== "draft")
      throw wrongState("This invoice item is on a finalized invoice and cannot be deleted.", "invoice_not_editable");
    tx.delete(item.id);
    emit("invoiceitem.deleted", item);
    return { id: item.id, object: "invoiceitem", deleted: true };
  });
  router.add("GET", "/v1/invoiceitems", ({ tx, params }) => {
    const p = parseParams(
      obj({ ...paginationParams, customer: str().optional(), invoice: str().optional(), pending: bool().optional() }),
      params,
    );
    return listObject(
      tx.all<InvoiceItem>(
        "invoiceitem",
        (i) =>
          (!p.customer || i.customer === p.customer) &&
          (!p.invoice || i.invoice === p.invoice) &&
          (p.pending === undefined || (i.invoice === null) === p.pending),
      ),
      p,
      "/v1/invoiceitems",
    );
  });
}

function pendingForInvoice(tx: ApiContext["tx"], invoice: Invoice) {
  return tx
    .all<InvoiceItem>("invoiceitem", (ii) => ii.invoice === invoice.id)
    .reverse()
    .map((ii) => invoiceItemLine(ii, null, null));
}
