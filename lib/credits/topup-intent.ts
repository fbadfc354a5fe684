import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { cardOnFile } from "@/lib/customers/card-on-file";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { hasRole, type Role } from "@/lib/orgs/roles";
import { CREDITS_RULE, canBuyCredits } from "./credits-rule";
import { requireStripe } from "@/lib/stripe/client";
import { TOPUP_KIND } from "@/lib/credits/topup-target";

/** The browser names a pack and, optionally, its attempt; amounts and prices in the body are ignored. */
export const topupInput = z.object({
  pack: z.string().trim().min(1).max(40),
  /** One PaymentIntent per attempt: a repeated click with the same attempt id gets the same intent. */
  attempt: z
    .string()
    .regex(/^[a-zA-Z0-9-]{8,64}$/)
    .optional(),
  /** `saved`: charge the org's card on file now (admins only); `new`: the browser collects a card with the Payment Element. */
  card: z.enum(["new", "saved"]).default("new"),
});

export async function listCreditPacks() {
  return db.creditPack.findMany({
    where: { active: true },
    orderBy: { sort: "asc" },
    select: { code: true, name: true, credits: true, priceCents: true },
  });
}

/**
 * A PaymentIntent for a credit pack, priced from the catalog, for any member of an org on a paid plan, trial
 * included (Free or not in good standing: 403 subscription_required).
 * Credits are added only when Stripe reports the payment succeeded (the webhook).
 */
export async function createTopUpIntent(org: OrgRef, userId: string, input: z.input<typeof topupInput>, role: Role = "member") {
  const card = input.card ?? "new";
  if (card === "saved" && !hasRole(role, "admin")) {
    throw new AppError("forbidden", "Only an admin can pay with the organization's card on file; pay with a card of your own.");
  }
  const pack = await db.creditPack.findUnique({ where: { code: input.pack } });
  if (!pack || !pack.active) throw new AppError("pack_not_found", `There is no credit pack called "${input.pack}".`);
  const ent = await getEntitlements(org.id);
  if (!canBuyCredits(ent.status, ent.planCode)) {
    throw new AppError("subscription_required", CREDITS_RULE, { upgrade: ent.upgradePath });
  }
  const customer = await ensureStripeCustomer(org.id);
  const savedCard = card === "saved" ? await cardOnFile(org.id) : null;
  if (card === "saved" && !savedCard) throw new AppError("conflict", "There is no card on file; pay with a card instead.");
  const stripe = requireStripe();
  const intent = await stripe.paymentIntents.create(
    {
      amount: pack.priceCents,
      currency: "usd",
      customer,
      description: `${pack.name} for ${org.name}`,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      ...(savedCard ? { payment_method: savedCard } : {}),
      metadata: { kind: TOPUP_KIND, orgId: org.id, packId: pack.code, credits: String(pack.credits), userId },
    },
    { idempotencyKey: `tollgate-topup-${org.id}-${pack.code}-${card}-${input.attempt ?? randomUUID()}` },
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
  // With the card on file the server confirms, so the browser never names a payment method; it only finishes a
  // 3-D Secure challenge when the bank asks for one (status requires_action).
  const confirmed = savedCard
    ? await stripe.paymentIntents.confirm(
        intent.id,
        { payment_method: savedCard },
        { idempotencyKey: `tollgate-topup-confirm-${intent.id}` },
      )
    : intent;
  return {
    paymentIntentId: intent.id,
    clientSecret: intent.client_secret!,
    status: confirmed.status,
    amount: pack.priceCents,
    currency: "usd",
    credits: pack.credits,
  };
}
