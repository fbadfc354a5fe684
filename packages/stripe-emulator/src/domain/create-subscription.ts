import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { ApiContext } from "../http/router";
import { newId } from "../store/ids";
import { Stored } from "../store/store";
import { Price } from "./catalog";
import { mustGet, mergeMetadata } from "./common";
import { Customer } from "./customers";
import type { PaymentIntent } from "./payment-intents";
import { createSubscriptionParams } from "./subscription-params";
import { recurringPrice, defaultPaymentMethod, resolveDiscounts, attemptInvoicePrepareOnly, itemQuantity } from "./subscription-inputs";
import {
  Subscription,
  buildItem,
  withItems,
  itemsOf,
  billPeriod,
  TRIAL_WILL_END_BEFORE,
  warnTrialEnding,
  incompleteError,
} from "./subscription-lifecycle";
import { nowFor, DAY, addInterval } from "./time";

export function createSubscription(ctx: ApiContext, p: z.infer<typeof createSubscriptionParams>): Subscription {
  const { tx } = ctx;
  const customer = mustGet<Customer>(tx, "customer", p.customer, "customer", "customer");
  const now = nowFor(tx, customer.id, ctx.now);
  const prices = p.items.map((item, i) => recurringPrice(ctx, item.price ?? "", `items[${i}][price]`));
  if (prices.length === 0) throw invalidRequest("Missing required param: items.", { param: "items", code: "parameter_missing" });
  const id = newId("sub");
  const trialDays = p.trial_period_days ?? (p.trial_from_plan ? prices[0]!.recurring!.trial_period_days : null);
  const trialEnd = p.trial_end === "now" ? null : (p.trial_end ?? (trialDays ? now + trialDays * DAY : null));
  if (trialEnd !== null && trialEnd <= now)
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param: "trial_end" });
  const recurring = prices[0]!.recurring!;
  const periodEnd = trialEnd ?? addInterval(now, recurring.interval as "month", recurring.interval_count);
  const items = p.items.map((item, i) =>
    buildItem(
      id,
      prices[i]!,
      itemQuantity(prices[i]!, item.quantity, 1, `items[${i}][quantity]`),
      now,
      periodEnd,
      now,
      mergeMetadata({}, item.metadata),
    ),
  );
  const pm = defaultPaymentMethod(ctx, customer.id, p.default_payment_method) ?? null;
  let sub = withItems(
    {
      id,
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: "classic", updated_at: now },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
      collection_method: p.collection_method ?? "charge_automatically",
      created: now,
      currency: prices[0]!.currency,
      customer: customer.id,
      customer_account: null,
      days_until_due: p.days_until_due ?? null,
      default_payment_method: pm,
      default_source: null,
      default_tax_rates: [],
      description: p.description || null,
      discounts: [],
      ended_at: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
      latest_invoice: null,
      livemode: false,
      managed_payments: null,
      metadata: mergeMetadata({}, p.metadata),
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: trialEnd ? "trialing" : "incomplete",
      test_clock: customer.test_clock ?? null,
      transfer_data: null,
      trial_end: trialEnd,
      trial_settings: {
        end_behavior: {
          billing_cycle_anchor: null,
          missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? "create_invoice",
        },
      },
      trial_start: trialEnd ? now : null,
    } as unknown as Subscription,
    items,
  );
  tx.put(sub);
  const discounts = resolveDiscounts(ctx, customer.id, id, p, now);
  if (discounts) sub = { ...sub, discounts };
  if (p.cancel_at_period_end)
    sub = {
      ...sub,
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" } as never,
    };
  tx.put(sub);
  ctx.emit("customer.subscription.created", sub);

  if (trialEnd) {
    const lines = itemsOf(sub).map((item) => ({
      amount: 0,
      description: `Trial period for ${item.price.nickname ?? "subscription"}`,
      periodStart: now,
      periodEnd: trialEnd,
      price: item.price as Price,
      quantity: item.quantity ?? 1,
      proration: false,
      subscription: id,
      subscriptionItem: item.id,
      invoiceItem: null,
    }));
    billPeriod(ctx, sub, "subscription_create", now, trialEnd, now, { lines });
    if (trialEnd - now <= TRIAL_WILL_END_BEFORE) warnTrialEnding(ctx, tx.get<Subscription>(id)!);
    return tx.get<Subscription>(id)!;
  }
  const behaviour = p.payment_behavior ?? "allow_incomplete";
  const billed = billPeriod(ctx, sub, "subscription_create", now, periodEnd, now, {
    collect: behaviour !== "default_incomplete",
    offSession: p.off_session ?? false,
  });
  if (behaviour === "default_incomplete" && billed.outcome === "open") {
    // The first payment is left for the customer to confirm (Stripe.js with the invoice's confirmation secret).
    attemptInvoicePrepareOnly(ctx, billed.invoice.id, now);
  }
  if (behaviour === "error_if_incomplete" && billed.outcome !== "paid") {
    const intentId = tx
      .get<{ confirmation_secret: { client_secret: string } | null } & Stored>(billed.invoice.id)
      ?.confirmation_secret?.client_secret.split("_secret_")[0];
    incompleteError(intentId ? (tx.get<PaymentIntent>(intentId)?.last_payment_error ?? null) : null);
  }
  return tx.get<Subscription>(id)!;
}
