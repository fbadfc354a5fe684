// A customer's credit balance as Stripe keeps it: every change is a customer_balance_transaction (an adjustment an
// integration makes, or credit an invoice used up), and the customer's `balance` is where the last one ended.
import type Stripe from "stripe";
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { Router } from "../http/router";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { mergeMetadata, mustGet } from "./common";

type Customer = Stored & { balance: number; currency?: string | null };
export type BalanceTransaction = Stripe.CustomerBalanceTransaction & Stored;

/** Moves the customer's balance by `amount` (negative is credit) and records why. */
export function recordBalanceChange(
  tx: Tx,
  customerId: string,
  change: {
    amount: number;
    currency: string;
    type: Stripe.CustomerBalanceTransaction.Type;
    at: number;
    invoice?: string | null;
    description?: string | null;
    metadata?: Record<string, string>;
  },
): BalanceTransaction {
  const customer = mustGet<Customer>(tx, "customer", customerId, "customer");
  const ending = customer.balance + change.amount;
  tx.put({ ...customer, balance: ending });
  const txn = {
    id: newId("cbtxn"),
    object: "customer_balance_transaction",
    amount: change.amount,
    checkout_session: null,
    created: change.at,
    credit_note: null,
    currency: change.currency,
    customer: customerId,
    customer_account: null,
    description: change.description ?? null,
    ending_balance: ending,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: change.metadata ?? {},
    type: change.type,
  } as unknown as BalanceTransaction;
  tx.put(txn);
  return txn;
}

export function registerCustomerBalance(router: Router): void {
  router.add("POST", "/v1/customers/:id/balance_transactions", ({ tx, path, params, now, emit }) => {
    const p = parseParams(
      obj({ amount: int(), currency: currency(), description: str().optional(), metadata: metadata().optional() }),
      params,
    );
    if (p.amount === 0) throw invalidRequest("The amount must be a non-zero integer.", { param: "amount" });
    const txn = recordBalanceChange(tx, path.id!, {
      amount: p.amount,
      currency: p.currency.toLowerCase(),
      type: "adjustment",
      at: now,
      description: p.description,
      metadata: mergeMetadata({}, p.metadata),
    });
    emit("customer.updated", tx.get(path.id!)!, { balance: txn.ending_balance - txn.amount });
    return txn;
  });
  router.add("GET", "/v1/customers/:id/balance_transactions", ({ tx, path, params }) => {
    const p = parseParams(obj({ ...paginationParams }), params);
    mustGet<Customer>(tx, "customer", path.id!, "customer");
    const txns = tx.all<BalanceTransaction>("customer_balance_transaction", (t) => t.customer === path.id);
    return listObject(txns, p, `/v1/customers/${path.id}/balance_transactions`);
  });
  router.add("GET", "/v1/customers/:id/balance_transactions/:txn", ({ tx, path }) => {
    const txn = mustGet<BalanceTransaction>(tx, "customer_balance_transaction", path.txn!, "customer balance transaction");
    if (txn.customer !== path.id)
      throw invalidRequest(`No such customer balance transaction: '${path.txn}'`, { code: "resource_missing", status: 404 });
    return txn;
  });
}
