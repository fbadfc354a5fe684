import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import { appUrl } from "@/lib/app-url";
import { causedByUser, writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { catalogItemForProduct, planPrice } from "@/lib/catalog/catalog";
import { addOnForSale } from "./addon-sale";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";
import { checkRedirect } from "./redirects";
import { idOf, planItemOf } from "@/lib/stripe/objects";
import { isOpen, OPEN_STATUSES } from "@/lib/plans/subscription-states";
import { startingQuantity } from "../seats/sync-seat-quantity";
import { meteredPriceOf } from "./overage";

const code = z.string().trim().min(1).max(40);

export const checkoutInput = z
  .object({
    plan: code.optional(),
    interval: z.enum(["month", "year"]).default("month"),
    addOn: code.optional(),
    domain: z.string().optional(),
    successUrl: z.string().max(2000).optional(),
    cancelUrl: z.string().max(2000).optional(),
  })
  .strict()
  .refine((v) => Boolean(v.plan) !== Boolean(v.addOn), { message: "Name either a plan or an add-on.", path: ["plan"] });

export type CheckoutInput = z.infer<typeof checkoutInput>;

/** The body of `POST …/billing/addons`: an add-on, its configuration, and how to pay (Checkout, or the card on file). */
export const addOnPurchaseInput = z
  .object({
    addOn: code,
    domain: z.string().optional(),
    card: z.enum(["new", "saved"]).default("new"),
    successUrl: z.string().max(2000).optional(),
    cancelUrl: z.string().max(2000).optional(),
  })
  .strict();
export type CheckoutResult = { url: string; sessionId: string; trialDays: number };

/** A Stripe Checkout Session for a plan (with the trial rules) or an add-on; the browser only names codes. */
export async function createCheckout(org: OrgRef, userId: string, input: CheckoutInput): Promise<CheckoutResult> {
  const stripe = requireStripe();
  const successUrl = checkRedirect(
    "successUrl",
    input.successUrl ??
      appUrl(`/${org.slug}/billing`, input.addOn ? { checkout: "addon", addon: input.addOn } : { checkout: "success" }) +
        "&session_id={CHECKOUT_SESSION_ID}",
  );
  const cancelUrl = checkRedirect("cancelUrl", input.cancelUrl ?? appUrl(`/${org.slug}/billing`, { checkout: "cancelled" }));
  return input.plan
    ? planCheckout(stripe, org, userId, input.plan, input.interval, { successUrl, cancelUrl })
    : addOnCheckout(stripe, org, input.addOn!, input.domain, { successUrl, cancelUrl });
}

type Urls = { successUrl: string; cancelUrl: string };

async function planCheckout(
  stripe: Stripe,
  org: OrgRef,
  userId: string,
  planCode: string,
  interval: "month" | "year",
  urls: Urls,
): Promise<CheckoutResult> {
  if (planCode === "free")
    throw new AppError("bad_request", "Free needs no checkout: cancelling a subscription returns the organization to Free.");
  const { plan, priceId } = await planPrice(planCode, interval);
  const customer = await ensureStripeCustomer(org.id);
  await refuseSecondSubscription(stripe, org, customer);

  const { trialUsedAt, overageMode } = await db.organization.findUniqueOrThrow({
    where: { id: org.id },
    select: { trialUsedAt: true, overageMode: true },
  });
  // An org that chose pay as you go before (and subscribes again) gets its metered item with the plan.
  const meteredPrice =
    overageMode === "metered" && plan.overageModes.includes("metered") ? await meteredPriceOf(plan.code, interval) : null;
  // The catalog's trial length is the only one: /pricing shows it, Checkout grants it.
  const trialDays = plan.trialDays > 0 && !trialUsedAt ? plan.trialDays : 0;
  if (plan.trialDays > 0 && trialUsedAt) {
    await db.$transaction((tx) =>
      writeAudit(tx, {
        orgId: org.id,
        action: "trial.refused_org_reused",
        cause: causedByUser(userId),
        after: { planCode, interval, trialUsedAt: trialUsedAt.toISOString() },
        note: "The organization has had a trial before; this checkout charges at once.",
      }),
    );
  }
  const metadata = { orgId: org.id, planCode, interval };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "subscription",
    customer,
    client_reference_id: org.id,
    line_items: [
      { price: priceId, quantity: await startingQuantity(org.id, plan.code) },
      ...(meteredPrice ? [{ price: meteredPrice }] : []),
    ],
    allow_promotion_codes: true,
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
    metadata,
    subscription_data: {
      metadata,
      ...(trialDays ? { trial_period_days: trialDays, trial_settings: { end_behavior: { missing_payment_method: "cancel" } } } : {}),
    },
  };
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: idempotencyKey(org.id, params) });
  return { url: session.url!, sessionId: session.id, trialDays };
}

/**
 * One plan subscription per org: the local mirror answers first, and Stripe is asked too,
 * since a checkout completed a moment ago may not have reached us through the webhook yet.
 */
async function refuseSecondSubscription(stripe: Stripe, org: OrgRef, customer: string): Promise<void> {
  const local = await db.subscription.findFirst({
    where: { orgId: org.id, status: { in: OPEN_STATUSES } },
    select: { planCode: true, status: true },
  });
  let live = local ? { planCode: local.planCode, status: local.status } : null;
  if (!live) {
    for (const sub of (await stripe.subscriptions.list({ customer, status: "all", limit: 20 })).data) {
      if (!isOpen(sub.status)) continue;
      const item = await catalogItemForProduct(idOf(planItemOf(sub)?.price.product as string | { id: string } | undefined));
      if (item?.kind === "plan") live = { planCode: item.code, status: sub.status };
    }
  }
  if (live) {
    throw new AppError(
      "already_subscribed",
      `This organization already has a ${live.planCode} subscription (${live.status}); change its plan instead.`,
      {
        hint: "change_plan",
        changePlan: `/api/v1/orgs/${org.slug}/billing/change-tier`,
      },
    );
  }
}

async function addOnCheckout(
  stripe: Stripe,
  org: OrgRef,
  addOnCode: string,
  rawDomain: string | undefined,
  urls: Urls,
): Promise<CheckoutResult> {
  const { priceId, metadata } = await addOnForSale(org, addOnCode, rawDomain);
  const customer = await ensureStripeCustomer(org.id);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "subscription",
    customer,
    client_reference_id: org.id,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
    metadata,
    subscription_data: { metadata },
  };
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: idempotencyKey(org.id, params) });
  return { url: session.url!, sessionId: session.id, trialDays: 0 };
}

/** Same org, same request, same minute → the same session (a double click opens one checkout). */
function idempotencyKey(orgId: string, params: Stripe.Checkout.SessionCreateParams): string {
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 24);
  return `tollgate-checkout-${orgId}-${digest}-${Math.floor(Date.now() / 60_000)}`;
}
