import type Stripe from "stripe";
import { z } from "zod";
import { CommittedError, invalidRequest, wrongState } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { bool, emptyable, int, list, metadata, obj, parseParams, str, currency } from "../http/params";
import type { ApiContext, Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored } from "../store/store";
import { attemptInvoicePayment, draftInvoice, finalizeInvoice, type Invoice, type InvoiceItem } from "../billing/invoices";
import { invoiceItemLine, itemsOf, nextPeriod, pendingItemLines, periodLines, periodOf, type Subscription } from "../billing/subscriptions";
import { addInterval, nowFor, remainingShare } from "../billing/time";
import type { Price } from "./catalog";
import type { Customer } from "./customers";
import { mergeMetadata, mustGet } from "./common";
import type { PaymentIntent } from "./payment-intents";

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

function openInvoiceOr400(inv: Invoice, action: string): void {
  if (inv.status !== "open")
    throw wrongState(`You can only ${action} an invoice that is open; this one is ${inv.status}.`, "invoice_not_open");
}

export function registerInvoices(router: Router): void {
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

  router.add("POST", "/v1/invoices", (ctx) => {
    const { tx, params, now, emit } = ctx;
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
    const { tx, path, params, now, emit } = ctx;
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

function pendingForInvoice(tx: ApiContext["tx"], invoice: Invoice) {
  return tx
    .all<InvoiceItem>("invoiceitem", (ii) => ii.invoice === invoice.id)
    .reverse()
    .map((ii) => invoiceItemLine(ii, null, null));
}

const previewParams = obj({
  customer: str().optional(),
  subscription: str().optional(),
  subscription_details: obj({
    items: list(obj({ id: str().optional(), price: str().optional(), quantity: int().optional(), deleted: bool().optional() })).optional(),
    proration_behavior: z.enum(["create_prorations", "none", "always_invoice"]).optional(),
    proration_date: int().optional(),
    cancel_at_period_end: bool().optional(),
    billing_cycle_anchor: z.enum(["now", "unchanged"]).optional(),
    trial_end: z.union([z.literal("now"), int()]).optional(),
  }).optional(),
});

/**
 * The invoice a subscription would produce next (createPreview). With proposed
 * item changes it shows their prorations: with always_invoice (or a new
 * interval) the invoice that would be charged now, otherwise the next renewal.
 * Nothing is stored.
 */
export function previewInvoice(ctx: ApiContext): Stripe.Invoice {
  const p = parseParams(previewParams, ctx.params);
  const { tx } = ctx;
  const sub = p.subscription ? mustGet<Subscription>(tx, "subscription", p.subscription, "subscription", "subscription") : null;
  const customerId = p.customer ?? (sub?.customer as string | undefined);
  if (!customerId) throw invalidRequest("Missing required param: customer.", { param: "customer", code: "parameter_missing" });
  const customer = mustGet<Customer>(tx, "customer", customerId, "customer", "customer");
  const at = p.subscription_details?.proration_date ?? nowFor(tx, customer.id, ctx.now);
  if (!sub)
    throw invalidRequest("This emulator previews invoices of existing subscriptions; pass `subscription`.", { param: "subscription" });
  const { start, end } = periodOf(sub);
  const label = (price: Price) => tx.get<Stored & { name: string }>(price.product as string)?.name ?? price.nickname ?? price.id;
  const changes = p.subscription_details?.items ?? [];
  const behaviour = p.subscription_details?.proration_behavior ?? "create_prorations";
  let proposed = itemsOf(sub).map((i) => ({ id: i.id, price: i.price as Price, quantity: i.quantity ?? 1, old: i }));
  const prorations: { amount: number; description: string; price: Price; quantity: number; item: string }[] = [];
  let intervalChanged = false;
  for (const change of changes) {
    const existing = proposed.find((i) => i.id === change.id);
    if (change.deleted && existing) {
      proposed = proposed.filter((i) => i !== existing);
      prorations.push({
        amount: -Math.round((existing.price.unit_amount ?? 0) * existing.quantity * remainingShare(start, end, at)),
        description: `Unused time on ${existing.quantity} × ${label(existing.price)}`,
        price: existing.price,
        quantity: existing.quantity,
        item: existing.id,
      });
      continue;
    }
    const price = change.price ? mustGet<Price>(tx, "price", change.price, "price", "subscription_details[items][price]") : existing?.price;
    if (!price) continue;
    const quantity = change.quantity ?? existing?.quantity ?? 1;
    if (existing && existing.price.recurring?.interval !== price.recurring?.interval) intervalChanged = true;
    if (existing) {
      const share = remainingShare(start, end, at);
      prorations.push({
        amount: -Math.round((existing.price.unit_amount ?? 0) * existing.quantity * share),
        description: `Unused time on ${existing.quantity} × ${label(existing.price)}`,
        price: existing.price,
        quantity: existing.quantity,
        item: existing.id,
      });
      if (!intervalChanged)
        prorations.push({
          amount: Math.round((price.unit_amount ?? 0) * quantity * share),
          description: `Remaining time on ${quantity} × ${label(price)}`,
          price,
          quantity,
          item: existing.id,
        });
      existing.price = price;
      existing.quantity = quantity;
    } else proposed.push({ id: "new", price, quantity, old: null as never });
  }
  const pending = pendingItemLines(tx, customer.id, sub.id);
  const prorationLines = (behaviour === "none" ? [] : prorations).map((pr) => ({
    amount: pr.amount,
    description: pr.description,
    periodStart: at,
    periodEnd: end,
    price: pr.price,
    quantity: pr.quantity,
    proration: true,
    subscription: sub.id,
    subscriptionItem: pr.item,
    invoiceItem: null,
  }));
  // Ending a trial now bills the (proposed) plan's first full period at once, with no proration.
  const endsTrial = p.subscription_details?.trial_end === "now" && sub.status === "trialing";
  const immediate = behaviour === "always_invoice" || intervalChanged || endsTrial;
  let lines;
  let periodStart = start;
  let periodEnd = end;
  if (intervalChanged || endsTrial) {
    const first = proposed[0]!.price.recurring!;
    periodStart = at;
    periodEnd = addInterval(at, first.interval as "month", first.interval_count);
    const fake = {
      ...sub,
      items: { ...sub.items, data: proposed.map((i) => ({ ...i.old, price: i.price, quantity: i.quantity })) },
    } as Subscription;
    lines = [...(endsTrial ? [] : prorationLines), ...pending, ...periodLines(tx, fake, periodStart, periodEnd)];
  } else if (immediate) {
    lines = [...pending, ...prorationLines];
  } else {
    const next = nextPeriod(sub, end);
    periodStart = next.start;
    periodEnd = next.end;
    const fake = {
      ...sub,
      items: { ...sub.items, data: proposed.map((i) => ({ ...i.old, price: i.price, quantity: i.quantity })) },
    } as Subscription;
    lines = [...pending, ...prorationLines, ...periodLines(tx, fake, periodStart, periodEnd)];
  }
  // Build it in a throwaway transaction view: nothing of the preview is kept.
  const scratch: Stored[] = [];
  const previewCtx = {
    ...ctx,
    tx: {
      ...tx,
      put: <T extends Stored>(o: T) => (scratch.push(o), o),
      get: tx.get.bind(tx),
      all: tx.all.bind(tx),
    } as unknown as ApiContext["tx"],
    now: at,
    emit: () => {},
  };
  const draft = draftInvoice(previewCtx, {
    customer,
    subscription: sub,
    billingReason: immediate ? "subscription_update" : "subscription_cycle",
    lines,
    periodStart,
    periodEnd,
    at: immediate ? at : periodStart,
    currency: sub.currency,
  });
  return {
    ...draft,
    id: `upcoming_${draft.id.slice(3)}`,
    lines: { ...draft.lines, url: `/v1/invoices/upcoming/lines` },
  } as unknown as Stripe.Invoice;
}
