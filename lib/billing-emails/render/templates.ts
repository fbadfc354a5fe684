// Each billing email: its subject, its MJML and its text part, from the facts recorded with the change.
import { formatMoney } from "@/lib/money";
import { billingClosing, formatDay } from "./format";
import { button, facts, footnote, heading, layout, paragraph } from "@/lib/email/components";

export type OrgContext = { name: string; billingUrl: string };

export type ReceiptData = {
  invoiceId: string;
  number: string | null;
  amountPaid: number;
  currency: string;
  periodStart: string | null;
  periodEnd: string | null;
  paidAt: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
};

export type PaymentFailedData = {
  invoiceId: string;
  number: string | null;
  amountDue: number;
  currency: string;
  attemptCount: number;
  nextPaymentAttempt: string | null;
  graceEndsAt: string | null;
  hostedInvoiceUrl: string | null;
};

export type EmailParts = { subject: string; mjml: string; text: string };

const lines = (...parts: (string | null | false)[]) => parts.filter((p): p is string => typeof p === "string").join("\n");

export function receiptEmail(data: ReceiptData, org: OrgContext): EmailParts {
  const amount = formatMoney(data.amountPaid, data.currency);
  const period = data.periodStart && data.periodEnd ? `${formatDay(data.periodStart)} – ${formatDay(data.periodEnd)}` : null;
  const rows: [string, string][] = [
    ["Amount paid", amount],
    ["Invoice", data.number ?? data.invoiceId],
    ["Paid on", formatDay(data.paidAt)],
    ...(period ? [["Period", period] as [string, string]] : []),
  ];
  return {
    subject: `Receipt for ${org.name}: ${amount} paid`,
    mjml: layout(
      `${amount} paid for ${org.name}`,
      [
        heading("Thank you for your payment"),
        paragraph(`We received ${amount} for ${org.name}'s Tollgate subscription.`),
        facts(rows),
        ...(data.hostedInvoiceUrl ? [button("View invoice", data.hostedInvoiceUrl)] : []),
        ...(data.invoicePdf ? [footnote(`Download the PDF: ${data.invoicePdf}`)] : []),
        footnote(`Billing settings: ${org.billingUrl}`),
      ],
      billingClosing(org.name),
    ),
    text: lines(
      "Thank you for your payment",
      "",
      `We received ${amount} for ${org.name}'s Tollgate subscription.`,
      "",
      ...rows.map(([label, value]) => `${label}: ${value}`),
      "",
      data.hostedInvoiceUrl && `View invoice: ${data.hostedInvoiceUrl}`,
      data.invoicePdf && `PDF: ${data.invoicePdf}`,
      `Billing settings: ${org.billingUrl}`,
    ),
  };
}

export function paymentFailedEmail(data: PaymentFailedData, org: OrgContext): EmailParts {
  const amount = formatMoney(data.amountDue, data.currency);
  const next = data.nextPaymentAttempt
    ? `Stripe will try the card again on ${formatDay(data.nextPaymentAttempt)}.`
    : "Stripe will not try the card again by itself.";
  const grace = data.graceEndsAt
    ? `${org.name} keeps full access until ${formatDay(data.graceEndsAt)}; after that it becomes read-only until the invoice is paid.`
    : null;
  const rows: [string, string][] = [
    ["Amount due", amount],
    ["Invoice", data.number ?? data.invoiceId],
    ["Attempt", String(data.attemptCount)],
    ["Next try", data.nextPaymentAttempt ? formatDay(data.nextPaymentAttempt) : "none"],
  ];
  const payUrl = data.hostedInvoiceUrl ?? org.billingUrl;
  return {
    subject: `Payment failed for ${org.name}: ${amount} is due`,
    mjml: layout(
      `The payment of ${amount} for ${org.name} failed`,
      [
        heading("Your payment did not go through"),
        paragraph(`We could not charge ${amount} for ${org.name}'s Tollgate subscription. ${next}`),
        ...(grace ? [paragraph(grace)] : []),
        facts(rows),
        button("Pay or update the card", payUrl),
        footnote(`Billing settings: ${org.billingUrl}`),
      ],
      billingClosing(org.name),
    ),
    text: lines(
      "Your payment did not go through",
      "",
      `We could not charge ${amount} for ${org.name}'s Tollgate subscription. ${next}`,
      grace,
      "",
      ...rows.map(([label, value]) => `${label}: ${value}`),
      "",
      `Pay or update the card: ${payUrl}`,
      `Billing settings: ${org.billingUrl}`,
    ),
  };
}
