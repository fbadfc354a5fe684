import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ensureStripeCustomer } from "@/lib/billing/ensure-customer";
import { FREE_PLAN } from "@/lib/billing/effective-plan";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { TOPUP_KIND } from "@/lib/webhooks/payment-intents";

/** The browser names a pack and, optionally, its attempt; amounts and prices in the body are ignored. */
export const topupInput = z.object({
  pack: z.string().trim().min(1).max(40),
  /** One PaymentIntent per attempt: a repeated click with the same attempt id gets the same intent. */
  attempt: z
    .string()
    .regex(/^[a-zA-Z0-9-]{8,64}$/)
    .optional(),
});

export async function listCreditPacks() {
  return db.creditPack.findMany({
    where: { active: true },
    orderBy: { sort: "asc" },
    select: { code: true, name: true, credits: true, priceCents: true },
  });
}

/**
 * A PaymentIntent for a credit pack, priced from the catalog, for any member of an org with
 * an active paid subscription (trials and Free don't count: 403 subscription_required).
 * Credits are added only when Stripe reports the payment succeeded (the webhook).
 */
export async function createTopUpIntent(org: OrgRef, userId: string, input: z.infer<typeof topupInput>) {
  const pack = await db.creditPack.findUnique({ where: { code: input.pack } });
  if (!pack || !pack.active) throw new AppError("pack_not_found", `There is no credit pack called "${input.pack}".`);
  const ent = await getEntitlements(org.id);
  if (ent.status !== "active" || ent.planCode === FREE_PLAN) {
    throw new AppError("subscription_required", "Credits can be bought with an active paid subscription.", { upgrade: ent.upgradePath });
  }
  const customer = await ensureStripeCustomer(org.id);
  const intent = await requireStripe().paymentIntents.create(
    {
      amount: pack.priceCents,
      currency: "usd",
      customer,
      description: `${pack.name} for ${org.name}`,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { kind: TOPUP_KIND, orgId: org.id, packId: pack.code, credits: String(pack.credits), userId },
    },
    { idempotencyKey: `tollgate-topup-${org.id}-${pack.code}-${input.attempt ?? randomUUID()}` },
  );
  // The record that decides what the payment may credit (metadata on the intent is only a hint).
  // Concurrent clicks of one attempt get the same intent from Stripe; the first to write its record wins.
  await db.topUpPurchase.createMany({
    data: {
      orgId: org.id,
      packCode: pack.code,
      credits: pack.credits,
      amountCents: pack.priceCents,
      currency: "usd",
      stripePaymentIntentId: intent.id,
      stripeCustomerId: customer,
      createdById: userId,
    },
    skipDuplicates: true,
  });
  return {
    paymentIntentId: intent.id,
    clientSecret: intent.client_secret!,
    amount: pack.priceCents,
    currency: "usd",
    credits: pack.credits,
  };
}
