/**
 * Tollgate gives one free trial per card (by Stripe's card fingerprint) for the whole run, as it would in
 * production, so every journey that starts a trial has a card of its own here. A new trial journey takes
 * a card no other journey uses; Stripe's test numbers listed below all pay. The demo platform's trials (seeded at start)
 * use Mastercard debit (5200 8282 8282 8210), so no journey may.
 */
export const TRIAL_CARD = {
  pricingJourney: "4242 4242 4242 4242",
  billingPageTrial: "5555 5555 5555 4444",
  apiCheckoutTrial: "4000 0566 5566 5556",
  trialSwitchedToBusiness: "3782 822463 10005",
  billingEmailsJourney: "6011 1111 1111 1117",
} as const;
