import "server-only";
import { creditSummary } from "@/lib/credits/ledger";
import { listCreditPacks } from "@/lib/credits/topup-intent";
import { stripeBrowserConfig } from "@/lib/stripe/browser-config";
import { orgAddOns } from "./addons";
import { listTiers } from "./catalog";
import { FREE_PLAN } from "./effective-plan";
import { listInvoices, subscriptionSummary } from "./manage";

/** Everything the billing page shows, read from the database only (no Stripe call on render). */
export async function loadBillingPage(orgId: string, opts: { invoicesBefore?: string; admin: boolean }) {
  const [summary, tiers, credits, packs, addOns, invoices] = await Promise.all([
    subscriptionSummary(orgId),
    listTiers(),
    creditSummary(orgId, 10),
    listCreditPacks(),
    opts.admin ? orgAddOns(orgId) : null,
    opts.admin ? listInvoices(orgId, { limit: 10, before: opts.invoicesBefore }) : null,
  ]);
  const canTopUp = summary.status === "active" && summary.plan.code !== FREE_PLAN;
  return { summary, tiers, credits, packs, canTopUp, stripeConfig: stripeBrowserConfig(), addOns, invoices };
}

export type BillingPageData = Awaited<ReturnType<typeof loadBillingPage>>;
