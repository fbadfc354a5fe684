import type Stripe from "stripe";
import { newId } from "../store/ids";
import type { Stored, Tx } from "../store/store";
import type { PaymentMethod } from "./payment-methods";

export type Charge = Stripe.Charge & Stored;

type ChargeInput = {
  amount: number;
  currency: string;
  customer: string | null;
  paymentIntent: string;
  paymentMethod: PaymentMethod;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  now: number;
  failure: { code: string; decline_code: string; message: string } | null;
};

/** A charge as Stripe records one attempt to move money, succeeded or failed. */
export function buildCharge(tx: Tx, input: ChargeInput): Charge {
  const failed = input.failure !== null;
  const card = input.paymentMethod.card!;
  const charge = {
    id: newId("ch"),
    object: "charge",
    amount: input.amount,
    amount_captured: failed ? 0 : input.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: failed ? null : newId("txn"),
    billing_details: input.paymentMethod.billing_details,
    calculated_statement_descriptor: "TOLLGATE",
    captured: !failed,
    created: input.now,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: input.failure?.code ?? null,
    failure_message: input.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: input.metadata,
    on_behalf_of: null,
    outcome: failed
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: input.failure!.decline_code,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: !failed,
    payment_intent: input.paymentIntent,
    payment_method: input.paymentMethod.id,
    payment_method_details: {
      card: {
        amount_authorized: failed ? null : input.amount,
        authorization_code: null,
        brand: card.brand,
        checks: card.checks,
        country: card.country,
        electronic_commerce_indicator: null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint,
        funding: card.funding,
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_token: null,
        network_transaction_id: null,
        regulated_status: card.funding === "debit" ? "regulated" : "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
      type: "card",
    },

    radar_options: {},
    receipt_email: input.receiptEmail,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    source: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failed ? "failed" : "succeeded",
    transfer_data: null,
    transfer_group: null,
  } as unknown as Charge;
  tx.put(charge);
  return charge;
}
