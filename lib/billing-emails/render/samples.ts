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

export const SAMPLES: Record<BillingEmailKind, unknown> = { receipt, payment_failed: paymentFailed };
