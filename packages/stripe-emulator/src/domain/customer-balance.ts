// A customer's credit balance as Stripe keeps it: every change is a customer_balance_transaction (an adjustment an
// integration makes, or credit an invoice used up), and the customer's `balance` is where the last one ended.
import type Stripe from "stripe";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import { mustGet } from "./common";

export type Customer = Stored & { balance: number; currency?: string | null };
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
