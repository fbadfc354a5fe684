import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { createdRange, inCreatedRange, listObject, paginationParams } from "../http/list";
import { emptyable, list, metadata, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import { assignDefined, mergeMetadata, mustGet, previousAttributes, stripeAddress } from "../domain/common";
import { setCustomerCoupon } from "../domain/customer-discount";
import { attachPaymentMethod } from "../domain/payment-methods";
import { Customer, address } from "../domain/customers";

const fields = {
  name: emptyable(str()).optional(),
  email: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  phone: emptyable(str()).optional(),
  metadata: metadata().optional(),
  address: emptyable(address).optional(),
  preferred_locales: list(str()).optional(),
  invoice_settings: obj({ default_payment_method: emptyable(str()).optional() }).optional(),
  /** Older versions only (see http/api-version.ts and customer-discount.ts). */
  coupon: emptyable(str()).optional(),
};

const createParams = obj({ ...fields, payment_method: str().optional(), test_clock: str().optional() });

const updateParams = obj(fields);

function fullAddress(a: z.infer<typeof address> | "" | undefined): Stripe.Address | null {
  return a ? stripeAddress(a) : null;
}

export function registerCustomers(router: Router): void {
  router.add("POST", "/v1/customers", (ctx) => {
    const { tx, params, now, emit } = ctx;
    const p = parseParams(createParams, params);
    if (p.test_clock) mustGet(tx, "test_helpers.test_clock", p.test_clock, "test clock", "test_clock");
    const customer: Customer = {
      id: newId("cus", 14),
      object: "customer",
      address: fullAddress(p.address),
      balance: 0,
      created: now,
      currency: null,
      default_source: null,
      delinquent: false,
      description: p.description || null,
      discount: null,
      email: p.email || null,
      invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: p.invoice_settings?.default_payment_method || null,
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: mergeMetadata({}, p.metadata),
      name: p.name || null,
      next_invoice_sequence: 1,
      phone: p.phone || null,
      preferred_locales: p.preferred_locales ?? [],
      shipping: null,
      tax_exempt: "none",
      test_clock: p.test_clock ?? null,
    };
    tx.put(customer);
    emit("customer.created", customer);
    if (p.coupon) tx.put(setCustomerCoupon(ctx, customer as never, p.coupon));
    if (p.payment_method) attachPaymentMethod(ctx, p.payment_method, customer.id);
    return tx.get(customer.id);
  });

  router.add("GET", "/v1/customers/:id", ({ tx, path }) => {
    const found = tx.get(path.id!);
    if (found?.object === "customer" && (found as { deleted?: boolean }).deleted) return found;
    return mustGet<Customer>(tx, "customer", path.id!);
  });

  router.add("POST", "/v1/customers/:id", (ctx) => {
    const { tx, path, params, emit } = ctx;
    const p = parseParams(updateParams, params);
    const before = mustGet<Customer>(tx, "customer", path.id!);
    const after: Customer = structuredClone(before);
    assignDefined(after, {
      name: p.name,
      email: p.email,
      description: p.description,
      phone: p.phone,
      preferred_locales: p.preferred_locales,
    });
    if (p.address !== undefined) after.address = fullAddress(p.address);
    after.metadata = mergeMetadata(before.metadata, p.metadata);
    if (p.invoice_settings?.default_payment_method !== undefined) {
      const pm = p.invoice_settings.default_payment_method;
      if (pm) {
        const method = mustGet<Stripe.PaymentMethod>(tx, "payment_method", pm, "PaymentMethod", "invoice_settings[default_payment_method]");
        if (method.customer !== after.id) {
          throw invalidRequest(
            `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`,
            { param: "invoice_settings[default_payment_method]", code: "resource_missing" },
          );
        }
      }
      after.invoice_settings = { ...after.invoice_settings, default_payment_method: pm || null };
    }
    if (p.coupon !== undefined) Object.assign(after, setCustomerCoupon(ctx, after as never, p.coupon));
    tx.put(after);
    const previous = previousAttributes(before as never, after as never);
    if (Object.keys(previous).length > 0) emit("customer.updated", after, previous);
    return after;
  });

  router.add("DELETE", "/v1/customers/:id", ({ tx, path, emit }) => {
    const customer = mustGet<Customer>(tx, "customer", path.id!);
    tx.put({ id: customer.id, object: "customer", deleted: true });
    emit("customer.deleted", customer);
    return { id: customer.id, object: "customer", deleted: true };
  });

  router.add("GET", "/v1/customers", ({ tx, params }) => {
    const p = parseParams(
      obj({ ...paginationParams, email: str().optional(), test_clock: str().optional(), created: createdRange.optional() }),
      params,
    );
    const all = tx
      .view<Customer>("customer", (c) => !(c as { deleted?: boolean }).deleted)
      // As on Stripe: customers on a test clock are listed only when that clock is named.
      .filter((c) => (p.email ? c.email === p.email : true) && (p.test_clock ? c.test_clock === p.test_clock : !c.test_clock))
      .filter((c) => inCreatedRange(c.created, p.created));
    return listObject(all, p, "/v1/customers");
  });
}
