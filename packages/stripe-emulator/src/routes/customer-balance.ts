// A customer's credit balance as Stripe keeps it: every change is a customer_balance_transaction (an adjustment an
// integration makes, or credit an invoice used up), and the customer's `balance` is where the last one ended.
import { invalidRequest } from "../http/errors";
import { listObject, paginationParams } from "../http/list";
import { int, metadata, obj, parseParams, str, currency } from "../http/params";
import type { Router } from "../http/router";
import { mergeMetadata, mustGet } from "../domain/common";
import { BalanceTransaction, Customer, recordBalanceChange } from "../domain/customer-balance";

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
