// Sample facts for every billing email, for the preview script and the rendering tests.
import type { BillingEmailKind } from "./render";
import type { OrgContext, PaymentFailedData, ReceiptData } from "./templates";

export const SAMPLE_ORG: OrgContext = { name: "Acme & Co", billingUrl: "http://localhost:3000/acme/billing" };

const receipt: ReceiptData = {
  invoiceId: "in_sample",
  number: "ACME-0001",
  amountPaid: 4900,
  currency: "usd",
  periodStart: "2026-12-01T00:00:00.000Z",
  periodEnd: "2027-01-01T00:00:00.000Z",
  paidAt: "2026-12-01T00:05:00.000Z",
  hostedInvoiceUrl: "http://localhost:12111/invoices/in_sample",
  invoicePdf: "http://localhost:12111/invoices/in_sample/pdf",
};

const paymentFailed: PaymentFailedData = {
  invoiceId: "in_sample",
  number: "ACME-0002",
  amountDue: 19900,
  currency: "usd",
  attemptCount: 1,
  nextPaymentAttempt: "2026-12-04T00:05:00.000Z",
  graceEndsAt: "2026-12-08T00:05:00.000Z",
  hostedInvoiceUrl: "http://localhost:12111/invoices/in_sample",
};

const team = { planName: "Team", priceCents: 3600, currency: "usd", interval: "month", seats: 3 };

export const SAMPLES: Record<BillingEmailKind, unknown> = {
  receipt,
  payment_failed: paymentFailed,
  trial_started: { ...team, subscriptionId: "sub_sample", trialEnd: "2026-12-15T00:00:00.000Z" },
  trial_ending: { ...team, subscriptionId: "sub_sample", trialEnd: "2026-12-15T00:00:00.000Z", card: { brand: "visa", last4: "4242" } },
  trial_ended: { subscriptionId: "sub_sample", planName: "Team", fallbackPlanName: "Free" },
  plan_changed: {
    subscriptionId: "sub_sample",
    fromPlanName: "Team",
    toPlanName: "Business",
    interval: "month",
    effectiveAt: "2026-12-10T00:00:00.000Z",
  },
  subscription_cancelled: { subscriptionId: "sub_sample", planName: "Team", endedAt: "2027-01-01T00:00:00.000Z", fallbackPlanName: "Free" },
  topup_receipt: { paymentIntentId: "pi_sample", packName: "5,000 credits", credits: 5000, amountCents: 2000, currency: "usd" },
  usage_alert: {
    measure: "cap",
    percent: 80,
    planName: "Team",
    runs: 2400,
    allowed: 2000,
    mode: "metered",
    runPriceCents: 10,
    overageCents: 4000,
    capCents: 5000,
    currency: "usd",
    periodEnd: "2027-01-01T00:00:00.000Z",
  },
};
