/** The billing emails Tollgate sends; each has a template in render/ (which the worker alone loads: it runs MJML). */
export type BillingEmailKind =
  | "receipt"
  | "payment_failed"
  | "trial_started"
  | "trial_ending"
  | "trial_ended"
  | "plan_changed"
  | "subscription_cancelled"
  | "topup_receipt"
  | "usage_alert";
