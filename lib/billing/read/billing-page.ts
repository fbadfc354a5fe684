import "server-only";
import { db } from "@/lib/db";
import { creditSummary } from "@/lib/credits/ledger";
import { canBuyCredits } from "@/lib/credits/credits-rule";
import { listCreditPacks } from "@/lib/credits/topup-intent";
import { stripeBrowserConfig } from "@/lib/stripe/browser-config";
import { orgAddOns } from "./org-add-ons";
import { listPlans } from "@/lib/catalog/catalog";
import { listInvoices } from "./invoice-list";
import { subscriptionSummary } from "./subscription-summary";
import { overageView } from "@/lib/usage/overage-mode";

/** Everything the billing page shows, read from the database only (no Stripe call on render). */
export async function loadBillingPage(orgId: string, opts: { invoicesBefore?: string; admin: boolean }) {
  const [summary, plans, credits, packs, addOns, invoices, unpaid, billingEmail] = await Promise.all([
    subscriptionSummary(orgId),
    listPlans(),
    creditSummary(orgId, 10),
    listCreditPacks(),
    opts.admin ? orgAddOns(orgId) : null,
    opts.admin ? listInvoices(orgId, { limit: 10, before: opts.invoicesBefore }) : null,
    oldestUnpaidInvoice(orgId),
    opts.admin
      ? db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { billingEmail: true } }).then((o) => o.billingEmail)
      : null,
  ]);
  const overage = await overageView(orgId, summary.usage.runs);
  const canTopUp = canBuyCredits(summary.status, summary.plan.code);
  return {
    summary,
    plans,
    credits,
    packs,
    canTopUp,
    stripeConfig: stripeBrowserConfig(),
    addOns,
    invoices,
    unpaid,
    billingEmail,
    overage,
  };
}

export type BillingPageData = Awaited<ReturnType<typeof loadBillingPage>>;

/** The invoice a past-due subscription is waiting on: what the plan card asks the admin to pay. */
async function oldestUnpaidInvoice(orgId: string) {
  return db.invoice.findFirst({
    where: { orgId, status: "open", stripeSubscriptionId: { not: null } },
    orderBy: { stripeCreatedAt: "asc" },
    select: { number: true, amountRemaining: true, currency: true, hostedInvoiceUrl: true, stripeCreatedAt: true },
  });
}
