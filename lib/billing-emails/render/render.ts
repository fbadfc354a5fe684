import { compileMjml } from "@/lib/email/compile-mjml";
import type { BillingEmailKind } from "../kinds";
import * as life from "./subscription-templates";
import { paymentFailedEmail, receiptEmail, type EmailParts, type OrgContext, type PaymentFailedData, type ReceiptData } from "./templates";

export const BILLING_EMAIL_KINDS = {
  receipt: (data: unknown, org: OrgContext) => receiptEmail(data as ReceiptData, org),
  payment_failed: (data: unknown, org: OrgContext) => paymentFailedEmail(data as PaymentFailedData, org),
  trial_started: (data: unknown, org: OrgContext) => life.trialStartedEmail(data as life.TrialStartedData, org),
  trial_ending: (data: unknown, org: OrgContext) => life.trialEndingEmail(data as life.TrialEndingData, org),
  trial_ended: (data: unknown, org: OrgContext) => life.trialEndedEmail(data as life.TrialEndedData, org),
  plan_changed: (data: unknown, org: OrgContext) => life.planChangedEmail(data as life.PlanChangedData, org),
  subscription_cancelled: (data: unknown, org: OrgContext) => life.subscriptionCancelledEmail(data as life.SubscriptionCancelledData, org),
  topup_receipt: (data: unknown, org: OrgContext) => life.topUpReceiptEmail(data as life.TopUpReceiptData, org),
  usage_alert: (data: unknown, org: OrgContext) => life.usageAlertEmail(data as life.UsageAlertData, org),
} satisfies Record<BillingEmailKind, (data: unknown, org: OrgContext) => EmailParts>;

export type { BillingEmailKind };

export const isBillingEmailKind = (kind: string): kind is BillingEmailKind => kind in BILLING_EMAIL_KINDS;

/** The email ready to send: MJML's inline-styled HTML (strictly validated) and the text part. */
export async function renderBillingEmail(kind: BillingEmailKind, data: unknown, org: OrgContext) {
  const parts = BILLING_EMAIL_KINDS[kind](data, org);
  const html = await compileMjml(parts.mjml, `billing email ${kind}`);
  return { subject: parts.subject, html, text: parts.text };
}
