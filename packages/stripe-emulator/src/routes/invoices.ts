import { z } from "zod";
import { CommittedError, invalidRequest, wrongState } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { bool, emptyable, int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { Router } from "../http/router";
import { attemptInvoicePayment } from "../domain/invoice-collection";
import { draftInvoice, finalizeInvoice, type Invoice } from "../domain/invoice-lifecycle";
import { pendingItemLines, type Subscription } from "../domain/subscription-lifecycle";
import { nowFor } from "../domain/time";
import type { Customer } from "../domain/customers";
import { mergeMetadata, mustGet } from "../domain/common";
import type { PaymentIntent } from "../domain/payment-intents";
import { previewInvoice } from "../domain/invoices";

function openInvoiceOr400(inv: Invoice, action: string): void {
  if (inv.status !== "open")
    throw wrongState(`You can only ${action} an invoice that is open; this one is ${inv.status}.`, "invoice_not_open");
}

export function registerInvoices(router: Router): void {
  router.add("POST", "/v1/invoices", (ctx) => {
    const { tx, params, now } = ctx;
    const p = parseParams(
      obj({
        customer: str(),
        auto_advance: bool().optional(),
        collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
        days_until_due: int().optional(),
        description: str().optional(),
        metadata: metadata().optional(),
        pending_invoice_items_behavior: z.enum(["include", "exclude"]).optional(),
        subscription: str().optional(),
        default_payment_method: str().optional(),
        currency: currency().optional(),
        footer: str().optional(),
      }),
      params,
    );
    const customer = mustGet<Customer>(tx, "customer", p.customer, "customer", "customer");
    const at = nowFor(tx, customer.id, now);
    const sub = p.subscription ? mustGet<Subscription>(tx, "subscription", p.subscription, "subscription", "subscription") : null;
    const lines = p.pending_invoice_items_behavior === "include" ? pendingItemLines(tx, customer.id, sub?.id ?? null) : [];
    const invoice = draftInvoice(
      { ...ctx, now: at },
      {
        customer,
        subscription: sub,
        billingReason: "manual",
        lines,
        periodStart: at,
        periodEnd: at,
        at,
        collectionMethod: p.collection_method,
        daysUntilDue: p.days_until_due,
        description: p.description,
        metadata: mergeMetadata({}, p.metadata),
        currency: p.currency,
      },
    );
    const withOptions = {
      ...invoice,
      auto_advance: p.auto_advance ?? false,
      default_payment_method: p.default_payment_method ?? null,
      footer: p.footer ?? null,
    } as Invoice;
    tx.put(withOptions);
    return withOptions;
  });
  router.add("POST", "/v1/invoices/create_preview", (ctx) => previewInvoice(ctx));
  router.add("GET", "/v1/invoices/:id", ({ tx, path }) => mustGet<Invoice>(tx, "invoice", path.id!, "invoice"));
  router.add("GET", "/v1/invoices/:id/lines", ({ tx, path, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    return listObject(mustGet<Invoice>(tx, "invoice", path.id!, "invoice").lines.data, p, `/v1/invoices/${path.id}/lines`);
  });
  router.add("POST", "/v1/invoices/:id", ({ tx, path, params, emit }) => {
    const p = parseParams(
      obj({
        description: emptyable(str()).optional(),
        metadata: metadata().optional(),
        auto_advance: bool().optional(),
        footer: str().optional(),
        default_payment_method: str().optional(),
        days_until_due: int().optional(),
        collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
      }),
      params,
    );
    const invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    if (
      invoice.status !== "draft" &&
      (p.description !== undefined || p.default_payment_method !== undefined || p.collection_method !== undefined)
    ) {
      throw wrongState("Only metadata can be updated on a finalized invoice.", "invoice_not_editable");
    }
    const after = { ...invoice, metadata: mergeMetadata(invoice.metadata, p.metadata) } as Invoice;
    if (p.description !== undefined) after.description = p.description || null;
    if (p.auto_advance !== undefined) after.auto_advance = p.auto_advance;
    if (p.default_payment_method !== undefined) after.default_payment_method = p.default_payment_method;
    tx.put(after);
    emit("invoice.updated", after, { metadata: invoice.metadata });
    return after;
  });
  router.add("DELETE", "/v1/invoices/:id", ({ tx, path, emit }) => {
    const invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    if (invoice.status !== "draft") throw wrongState("You can only delete draft invoices.", "invoice_not_editable");
    tx.delete(invoice.id);
    emit("invoice.deleted", invoice);
    return { id: invoice.id, object: "invoice", deleted: true };
  });
  router.add("POST", "/v1/invoices/:id/finalize", (ctx) => {
    const { tx, path, params, now } = ctx;
    parseParams(obj({ auto_advance: bool().optional(), expand: z.unknown().optional() }), params);
    const invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    if (invoice.status !== "draft")
      throw wrongState(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, "invoice_already_finalized");
    return finalizeInvoice(ctx, invoice, nowFor(tx, invoice.customer as string, now));
  });
  router.add("POST", "/v1/invoices/:id/pay", (ctx) => {
    const p = parseParams(
      obj({
        payment_method: str().optional(),
        off_session: bool().optional(),
        paid_out_of_band: bool().optional(),
        forgive: bool().optional(),
        expand: z.unknown().optional(),
      }),
      ctx.params,
    );
    let invoice = mustGet<Invoice>(ctx.tx, "invoice", ctx.path.id!, "invoice");
    const at = nowFor(ctx.tx, invoice.customer as string, ctx.now);
    if (invoice.status === "draft") invoice = finalizeInvoice(ctx, invoice, at);
    if (invoice.status === "paid") throw wrongState("Invoice is already paid.", "invoice_already_paid");
    openInvoiceOr400(invoice, "pay");
    if (p.paid_out_of_band) {
      const paid = {
        ...invoice,
        status: "paid",
        amount_paid: 0,
        amount_remaining: 0,
        paid_out_of_band: true,
        status_transitions: { ...invoice.status_transitions, paid_at: at },
      } as Invoice;
      ctx.tx.put(paid);
      ctx.emit("invoice.paid", paid);
      return paid;
    }
    const attempt = attemptInvoicePayment(ctx, invoice, at, { paymentMethod: p.payment_method, offSession: p.off_session ?? true });
    if (attempt.outcome === "paid") return attempt.invoice;
    const error = attempt.intent?.last_payment_error;
    if (attempt.outcome === "no_payment_method")
      throw new CommittedError(400, {
        type: "invalid_request_error",
        code: "invoice_no_payment_method_types",
        message: "There is no payment method to charge for this invoice. Attach one to the customer or pass payment_method.",
      });
    if (attempt.outcome === "requires_action")
      throw new CommittedError(402, {
        type: "card_error",
        code: "invoice_payment_intent_requires_action",
        message: "This payment requires additional user action before it can be completed successfully.",
        payment_intent: attempt.intent as PaymentIntent,
      });
    throw new CommittedError(402, {
      type: "card_error",
      code: error?.code ?? "card_declined",
      decline_code: error?.decline_code,
      message: error?.message ?? "Your card was declined.",
    });
  });
  // Emails the invoice to the customer (here: records that it was sent); only for invoices the customer pays themselves.
  // As on Stripe: a draft is finalized first (the CLI's invoice.sent fixture sends one straight away); a paid invoice
  // may be sent again as a receipt; a void or uncollectible one may not.
  router.add("POST", "/v1/invoices/:id/send", (ctx) => {
    const { tx, path, now, emit } = ctx;
    let invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    if (invoice.collection_method !== "send_invoice")
      throw invalidRequest("You can only manually send an invoice if its collection method is 'send_invoice'.");
    if (invoice.status === "draft") invoice = finalizeInvoice(ctx, invoice, nowFor(tx, invoice.customer as string, now));
    if (invoice.status !== "open" && invoice.status !== "paid")
      throw invalidRequest(`You can only send an open or paid invoice; this one is ${invoice.status}.`);
    emit("invoice.sent", invoice);
    return tx.get<Invoice>(invoice.id);
  });
  router.add("POST", "/v1/invoices/:id/void", ({ tx, path, now, emit }) => {
    const invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    openInvoiceOr400(invoice, "void");
    const voided = {
      ...invoice,
      status: "void",
      amount_remaining: 0,
      status_transitions: { ...invoice.status_transitions, voided_at: nowFor(tx, invoice.customer as string, now) },
    } as Invoice;
    tx.put(voided);
    emit("invoice.voided", voided);
    return voided;
  });
  router.add("POST", "/v1/invoices/:id/mark_uncollectible", ({ tx, path, now, emit }) => {
    const invoice = mustGet<Invoice>(tx, "invoice", path.id!, "invoice");
    openInvoiceOr400(invoice, "mark uncollectible");
    const marked = {
      ...invoice,
      status: "uncollectible",
      status_transitions: { ...invoice.status_transitions, marked_uncollectible_at: nowFor(tx, invoice.customer as string, now) },
    } as Invoice;
    tx.put(marked);
    emit("invoice.marked_uncollectible", marked);
    return marked;
  });
  router.add("GET", "/v1/invoices", ({ tx, params }) => {
    const p = parseParams(
      obj({
        ...paginationParams,
        customer: str().optional(),
        subscription: str().optional(),
        status: str().optional(),
        collection_method: str().optional(),
        created: createdRange.optional(),
      }),
      params,
    );
    return listObject(
      tx.view<Invoice>(
        "invoice",
        (i) =>
          (!p.customer || i.customer === p.customer) &&
          inCreatedRange(i.created, p.created) &&
          (!p.status || i.status === p.status) &&
          (!p.subscription || i.parent?.subscription_details?.subscription === p.subscription),
      ),
      p,
      "/v1/invoices",
    );
  });
}
