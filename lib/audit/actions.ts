import type Stripe from "stripe";

/**
 * Every action the billing audit log records, one name each. An entry's action is one of these, so a new kind of
 * change is added here first, and the console's filters and descriptions can rely on the list.
 */
export type AuditAction =
  | "subscription.created"
  | "subscription.status_changed"
  | "subscription.plan_changed"
  /** A per-seat plan's quantity changed on Stripe (a seat added or removed, or a change made in the Dashboard). */
  | "subscription.seats_changed"
  | "subscription.cancel_scheduled"
  | "subscription.cancel_undone"
  | "trial.started"
  | "trial.will_end"
  | "trial.refused_card_reused"
  | "trial.refused_org_reused"
  | "addon.added"
  | "addon.status_changed"
  | "addon.cancel_scheduled"
  | "addon.cancel_undone"
  | "addon.domain_conflict"
  | "org.plan_changed"
  | "org.restricted"
  | "customer.linked"
  | "billing.email_address_changed"
  | "billing.overage_mode_changed"
  | "billing.overage_cap_changed"
  /** A run's meter event Stripe refused for good (outside its timestamp window, no customer): not billed, reported. */
  | "usage.meter_event_rejected"
  | `invoice.dispute_${Stripe.Dispute.Status}`
  | "credits.unknown_top_up"
  | "credits.top_up_mismatch"
  | "credits.reversal_shortfall"
  /** A top-up's credits brought to its state in Stripe (succeeded, refunded, dispute_lost, …). */
  | `credits.top_up_${string}`
  | "email.failed"
  | "email.retried"
  | "email.skipped"
  | "webhook.failed"
  | "webhook.retried"
  | "license.installed"
  | "license.issued"
  | "reconcile.subscription_repaired"
  | "reconcile.subscription_unknown_to_stripe"
  /** A per-seat plan's quantity on Stripe differed from the billable count; the seat job was queued to set it right. */
  | "reconcile.seats_repaired"
  | "reconcile.invoice_repaired"
  | "reconcile.invoice_unknown_to_stripe"
  | "reconcile.top_up_repaired"
  | "reconcile.top_up_unknown_to_stripe"
  | "reconcile.top_up_ledger_mismatch"
  | "reconcile.credit_balance_drift"
  | "reconcile.customer_missing"
  | "reconcile.customer_without_org"
  | "reconcile.two_live_plans"
  /** Metered runs sent long ago with no answer that Stripe's summaries show it has (marked sent), or lacks (sent now). */
  | "reconcile.meter_events_confirmed"
  | "reconcile.meter_events_resent"
  /** Stripe's meter and Tollgate's count of billable runs disagree for a period, with both numbers. */
  | "reconcile.meter_usage_drift";
