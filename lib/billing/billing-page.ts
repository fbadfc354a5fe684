import "server-only";
import { creditSummary } from "@/lib/credits/ledger";
import { orgAddOns } from "./addons";
import { listTiers } from "./catalog";
import { listInvoices, subscriptionSummary } from "./manage";

/** Everything the billing page shows, read from the database only (no Stripe call on render). */
export async function loadBillingPage(orgId: string, opts: { invoicesBefore?: string; admin: boolean }) {
  const [summary, tiers, credits, addOns, invoices] = await Promise.all([
    subscriptionSummary(orgId),
    listTiers(),
    creditSummary(orgId, 10),
    opts.admin ? orgAddOns(orgId) : null,
    opts.admin ? listInvoices(orgId, { limit: 10, before: opts.invoicesBefore }) : null,
  ]);
  return { summary, tiers, credits, addOns, invoices };
}

export type BillingPageData = Awaited<ReturnType<typeof loadBillingPage>>;
