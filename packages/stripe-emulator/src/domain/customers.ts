import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { obj, str } from "../http/params";
import type { Stored, Tx } from "../store/store";

export type Customer = Stripe.Customer & Stored;

export const address = obj({
  city: str().optional(),
  country: str().optional(),
  line1: str().optional(),
  line2: str().optional(),
  postal_code: str().optional(),
  state: str().optional(),
});

/** Creates a bare customer with a chosen id (Checkout creates one for a new buyer). */
export function createCustomerRecord(
  ctx: { tx: Tx; emit: (type: string, o: Stored) => void },
  id: string,
  email: string | null,
  name: string | null,
  now: number,
): Customer {
  const customer = {
    id,
    object: "customer",
    address: null,
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email,
    invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  } as unknown as Customer;
  ctx.tx.put(customer);
  ctx.emit("customer.created", customer);
  return customer;
}
