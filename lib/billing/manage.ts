import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { keysetPage } from "@/lib/http/keyset-page";
import { causedByUser } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { planPrice, type Interval, type PlanView } from "./catalog";
import { withCustomerLock } from "./customer-lock";
import { governingSubscription } from "./effective-plan";
import { measureUsage, overLimits, type OverLimit } from "./usage";
import { KEEP_PLAN_KEY, KEEP_UNTIL_KEY, syncSubscription } from "./sync/subscription";
import type { DiscountSummary } from "./sync/stripe-objects";
import { isManageable } from "./subscription-states";

/** The org's plan subscription that can be changed, or 400 no_active_subscription. */
async function manageableSubscription(orgId: string) {
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  if (!sub || !isManageable(sub.status) || !sub.stripeItemId) {
    throw new AppError("no_active_subscription", "This organization has no active subscription; choose a plan to subscribe.");
  }
  return { ...sub, stripeItemId: sub.stripeItemId };
}

const monthlyCents = (plan: PlanView, interval: Interval) =>
  interval === "year" ? (plan.annualPriceCents ?? 0) / 12 : (plan.monthlyPriceCents ?? 0);

export const targetQuery = z.object({
  plan: z.string().trim().min(1).max(40),
  interval: z.enum(["month", "year"]).default("month"),
  when: z.enum(["now", "period_end"]).optional(),
});

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
  /** For a plan change: when it would take effect, and the limits that would block it (then change-tier answers 409). */
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
  const change = await planChange(sub, target);
  params.subscription_details = {
    items: [{ id: sub.stripeItemId, price: change.priceId }],
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
    // The moment the preview prorated from; passing it back to change-tier charges exactly this.
    prorationDate: prorations.length ? Math.min(...prorations.map((l) => l.start)) : null,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    lines: lines.map(({ description, amount, proration }) => ({ description, amount, proration })),
  };
}

function isProration(line: Stripe.InvoiceLineItem): boolean {
  const parent = line.parent as {
    subscription_item_details?: { proration?: boolean } | null;
    invoice_item_details?: { proration?: boolean } | null;
  } | null;
  return Boolean(parent?.subscription_item_details?.proration || parent?.invoice_item_details?.proration);
}

type CurrentSub = Awaited<ReturnType<typeof manageableSubscription>>;

/**
 * What switching to `target` means: the price, and when it applies. Upgrades and interval changes apply now
 * (upgrades charge the prorated difference, a cheaper interval change credits it); a downgrade on the same
 * interval waits for the period's end without proration, so the plan paid for is kept. In a trial everything
 * applies now and nothing is prorated; the trial continues only on a plan that offers one: switching a trial to a
 * plan without one (Team trial → Business) ends the trial now and charges the new plan's first period, so a trial
 * can never be a free way onto a better plan. The preview and change-tier share this, so the dialog shows what happens.
 */
async function planChange(sub: CurrentSub, target: z.infer<typeof targetQuery>) {
  const { plan, interval } = target;
  const wanted = await planPrice(plan, interval);
  const current = await planPrice(sub.planCode, sub.interval as Interval).catch(() => null);
  if (sub.planCode === plan && sub.interval === interval)
    throw new AppError(
      "conflict",
      `The organization is already on ${wanted.plan.name} billed ${interval === "year" ? "annually" : "monthly"}.`,
    );
  const upgrade = !current || monthlyCents(wanted.plan, interval) >= monthlyCents(current.plan, sub.interval as Interval);
  const when = target.when ?? (upgrade || interval !== sub.interval ? "now" : "period_end");
  if (when === "period_end" && upgrade)
    throw new AppError("bad_request", "Upgrades take effect now; only downgrades can wait for the period end.");
  if (when === "period_end" && interval !== sub.interval)
    throw new AppError("bad_request", 'Changing the billing interval starts a new period now; choose when: "now".');
  const trialing = sub.status === "trialing";
  const endsTrial = trialing && wanted.plan.trialDays === 0;
  const atPeriodEnd = when === "period_end" && !trialing;
  const prorationBehavior: Stripe.SubscriptionUpdateParams.ProrationBehavior =
    trialing || atPeriodEnd ? "none" : upgrade ? "always_invoice" : "create_prorations";
  return { ...wanted, upgrade, atPeriodEnd, endsTrial, prorationBehavior };
}

export const changeTierInput = targetQuery
  .extend({
    prorationDate: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Switches the plan. Upgrades apply now and charge the prorated difference (at the
 * preview's proration date when given, so the charge matches what was shown).
 * Downgrades apply now with a credit, or at period end: the price switches without
 * proration and the paid-for plan is kept until the period ends. Refused with 409
 * when the target plan's limits are below what the org uses.
 */
export async function changeTier(org: OrgRef, userId: string, input: z.infer<typeof changeTierInput>) {
  const sub = await manageableSubscription(org.id);
  const change = await planChange(sub, input);
  const over = overLimits(await measureUsage(org.id), change.plan.limits, await extraSeats(org.id));
  if (over.length) throw new AppError("over_limits", overLimitsMessage(change.plan.name, over), { over });
  const { atPeriodEnd } = change;
  const params: Stripe.SubscriptionUpdateParams = {
    items: [{ id: sub.stripeItemId, price: change.priceId }],
    proration_behavior: change.prorationBehavior,
    payment_behavior: "error_if_incomplete",
    ...(change.endsTrial ? { trial_end: "now" as const } : {}),
    metadata: {
      planCode: input.plan,
      interval: input.interval,
      [KEEP_PLAN_KEY]: atPeriodEnd ? sub.planCode : "",
      [KEEP_UNTIL_KEY]: atPeriodEnd && sub.currentPeriodEnd ? String(Math.floor(sub.currentPeriodEnd.getTime() / 1000)) : "",
    },
    ...(input.prorationDate && !atPeriodEnd ? { proration_date: input.prorationDate } : {}),
  };
  await applyAndSync(sub, userId, () => requireStripe().subscriptions.update(sub.stripeSubscriptionId, params));
  return { effective: atPeriodEnd ? "period_end" : "now", subscription: await subscriptionSummary(org.id) };
}

function overLimitsMessage(planName: string, over: OverLimit[]): string {
  return `${planName} has lower limits than this organization uses: reduce ${over.map((o) => `${o.limit} from ${o.used} to ${o.allowed}`).join(", ")} first.`;
}

export const cancelInput = z.object({ reason: z.string().trim().max(500).optional() }).strict();

/** Cancels at the end of the paid period (the org keeps its plan until then). */
export async function cancelAtPeriodEnd(org: OrgRef, userId: string, input: z.infer<typeof cancelInput>) {
  const sub = await manageableSubscription(org.id);
  await applyAndSync(sub, userId, () =>
    requireStripe().subscriptions.update(sub.stripeSubscriptionId, {
      cancel_at_period_end: true,
      ...(input.reason ? { cancellation_details: { comment: input.reason } } : {}),
      metadata: { cancelReason: input.reason ?? "" },
    }),
  );
  return subscriptionSummary(org.id);
}

/** Undoes a pending cancellation; 400 subscription_not_cancelled when none is pending. */
export async function reactivate(org: OrgRef, userId: string) {
  const sub = await manageableSubscription(org.id);
  const current = await requireStripe().subscriptions.retrieve(sub.stripeSubscriptionId);
  if (!current.cancel_at_period_end && !current.cancel_at) {
    throw new AppError("subscription_not_cancelled", "The subscription is not set to cancel, so there is nothing to undo.");
  }
  await applyAndSync(sub, userId, () =>
    requireStripe().subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: false, metadata: { cancelReason: "" } }),
  );
  return subscriptionSummary(org.id);
}

/** An admin's change: made in Stripe and mirrored locally under the customer's lock, so the audit names the admin. */
async function applyAndSync(
  sub: { stripeCustomerId: string; stripeSubscriptionId: string },
  userId: string,
  change: () => Promise<unknown>,
) {
  await withCustomerLock(sub.stripeCustomerId, async () => {
    await change();
    await syncSubscription(sub.stripeSubscriptionId, { cause: causedByUser(userId) });
  });
}

async function extraSeats(orgId: string): Promise<number> {
  const ent = await getEntitlements(orgId);
  const plan = await db.plan.findUniqueOrThrow({ where: { code: ent.planCode }, select: { limits: true } });
  const base = (plan.limits as { seats: number | null }).seats;
  return ent.limits.seats === null || base === null ? 0 : ent.limits.seats - base;
}

/** What the billing page and `GET …/billing/subscription` show: plan, status, period, trial, cancel flag, usage against limits. */
export async function subscriptionSummary(orgId: string) {
  const ent = await getEntitlements(orgId);
  const sub = governingSubscription(await db.subscription.findMany({ where: { orgId } }));
  const usage = await measureUsage(orgId, ent);
  const meter = (used: number, allowed: number | null) => ({ used, allowed, unlimited: allowed === null });
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
  return {
    plan: { code: ent.planCode, name: ent.planName },
    status: ent.status,
    access: ent.access,
    graceEndsAt: iso(ent.graceEndsAt),
    subscription: sub
      ? {
          id: sub.stripeSubscriptionId,
          planCode: sub.planCode,
          interval: sub.interval,
          status: sub.status,
          currentPeriodStart: iso(sub.currentPeriodStart),
          currentPeriodEnd: iso(sub.currentPeriodEnd),
          trialEnd: iso(sub.trialEnd),
          cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
          cancelAt: iso(sub.cancelAt),
          pendingDowngrade:
            sub.keepPlanCode && sub.keepPlanUntil?.getTime() === sub.currentPeriodEnd?.getTime()
              ? { to: sub.planCode, at: iso(sub.keepPlanUntil) }
              : null,
          paymentMethod: sub.paymentMethod,
          discount: sub.discount as DiscountSummary | null,
        }
      : null,
    features: ent.features,
    addOns: ent.addOns,
    usage: {
      projects: meter(usage.projects, ent.limits.projects),
      seats: meter(usage.seats, ent.limits.seats),
      runs: { ...meter(usage.runs, ent.limits.runsPerMonth), periodStart: iso(ent.period.start), periodEnd: iso(ent.period.end) },
    },
  };
}

export const invoiceListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(64).optional(),
});

/** Invoices as synced from Stripe's invoice events, newest first, keyset-paginated by `before` (an invoice id). */
export async function listInvoices(orgId: string, query: z.infer<typeof invoiceListQuery>) {
  const rows = await db.invoice.findMany({
    where: { orgId },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.before ? { cursor: { id: query.before }, skip: 1 } : {}),
    select: {
      id: true,
      number: true,
      status: true,
      currency: true,
      subtotal: true,
      total: true,
      amountDue: true,
      amountPaid: true,
      hostedInvoiceUrl: true,
      invoicePdf: true,
      periodStart: true,
      periodEnd: true,
      paidAt: true,
      stripeCreatedAt: true,
      billingReason: true,
    },
  });
  const { items, hasMore, nextBefore } = keysetPage(rows, query.limit);
  return { invoices: items, hasMore, nextBefore };
}
