import "server-only";
import type Stripe from "stripe";
import type { z } from "zod";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { extraSeats, manageableSubscription } from "./manageable-subscription";
import { meteredItemChange } from "./overage";
import { describePlanChange, type targetQuery } from "./plan-change";
import { measureUsage, overLimits, type OverLimit } from "@/lib/usage/measure";

export type Preview = {
  currency: string;
  amountDue: number;
  subtotal: number;
  total: number;
  prorationAmount: number;
  prorationDate: number | null;
  periodStart: number;
  periodEnd: number;
  lines: { description: string | null; amount: number; proration: boolean }[];
  /** For a plan change: when it would take effect, and the limits that would block it (then the change itself answers 409). */
  effective?: "now" | "period_end";
  effectiveAt?: string | null;
  overLimits?: OverLimit[];
  /** The change ends the trial now and charges the new plan in full (its plan offers no trial). */
  endsTrial?: boolean;
};

/** The next invoice as it stands, or, with a target plan, what switching to it would charge now (upgrade) or on the next invoice. */
export async function previewUpcomingInvoice(org: OrgRef, target?: z.infer<typeof targetQuery>): Promise<Preview> {
  const sub = await manageableSubscription(org.id);
  const params: Stripe.InvoiceCreatePreviewParams = { customer: sub.stripeCustomerId, subscription: sub.stripeSubscriptionId };
  if (!target) return toPreview(await requireStripe().invoices.createPreview(params));
  const change = await describePlanChange(sub, target);
  params.subscription_details = {
    items: [
      { id: sub.stripeItemId, price: change.priceId, quantity: change.quantity },
      ...(await meteredItemChange(sub, target.plan, target.interval)),
    ],
    proration_behavior: change.prorationBehavior,
    ...(change.endsTrial ? { trial_end: "now" as const } : {}),
  };
  return {
    ...toPreview(await requireStripe().invoices.createPreview(params)),
    endsTrial: change.endsTrial,
    effective: change.atPeriodEnd ? "period_end" : "now",
    effectiveAt: change.atPeriodEnd ? (sub.currentPeriodEnd?.toISOString() ?? null) : null,
    overLimits: overLimits(await measureUsage(org.id), change.plan.limits, await extraSeats(org.id)),
  };
}

function toPreview(invoice: Stripe.Invoice): Preview {
  const lines = invoice.lines.data.map((line) => ({
    description: line.description,
    amount: line.amount,
    proration: isProration(line),
    start: line.period.start,
  }));
  const prorations = lines.filter((l) => l.proration);
  return {
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    subtotal: invoice.subtotal,
    total: invoice.total,
    prorationAmount: prorations.reduce((sum, l) => sum + l.amount, 0),
    // The moment the preview prorated from; passing it back to the change charges exactly this.
    prorationDate: prorations.length ? Math.min(...prorations.map((l) => l.start)) : null,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    lines: lines.map(({ description, amount, proration }) => ({ description, amount, proration })),
  };
}

export function isProration(line: Stripe.InvoiceLineItem): boolean {
  const parent = line.parent as {
    subscription_item_details?: { proration?: boolean } | null;
    invoice_item_details?: { proration?: boolean } | null;
  } | null;
  return Boolean(parent?.subscription_item_details?.proration || parent?.invoice_item_details?.proration);
}
