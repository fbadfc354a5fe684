import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { causedByUser } from "@/lib/audit/billing-audit";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { addOnForSale } from "./addon-sale";
import { cardOnFile } from "@/lib/customers/card-on-file";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";
import { syncSubscription } from "../sync/subscription";

export type AddOnPurchase = { status: "active" | "requires_action"; clientSecret: string | null };

/**
 * Buys an add-on with the card the plan is paid with, without Checkout: its subscription is created on that card and
 * charged at once. When the bank asks for 3-D Secure the browser finishes the first invoice's payment (its
 * confirmation secret) and the webhook brings the add-on in; a decline cancels the unpaid subscription at once, so
 * nothing is left half-bought, and answers 402 card_declined.
 */
export async function buyAddOnWithCardOnFile(
  org: OrgRef,
  userId: string,
  addOnCode: string,
  domain: string | undefined,
): Promise<AddOnPurchase> {
  const { priceId, metadata } = await addOnForSale(org, addOnCode, domain);
  const customer = await ensureStripeCustomer(org.id);
  const card = await cardOnFile(org.id);
  if (!card) throw new AppError("conflict", "There is no card on file; add the add-on through Checkout instead.");
  const stripe = requireStripe();
  const params: Stripe.SubscriptionCreateParams = {
    customer,
    items: [{ price: priceId, quantity: 1 }],
    default_payment_method: card,
    payment_behavior: "allow_incomplete",
    metadata,
    expand: ["latest_invoice.confirmation_secret"],
  };
  // A double click within the minute makes one subscription.
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 24);
  const sub = await stripe.subscriptions.create(params, {
    idempotencyKey: `tollgate-addon-${org.id}-${digest}-${Math.floor(Date.now() / 60_000)}`,
  });
  const invoice = sub.latest_invoice as Stripe.Invoice | null;
  const secret = invoice?.confirmation_secret?.client_secret ?? null;
  await withCustomerLock(customer, async () => {
    if (sub.status === "incomplete" && invoice?.status === "open" && secret) {
      const intent = await stripe.paymentIntents.retrieve(secret.split("_secret_")[0]!);
      if (intent.status === "requires_payment_method") {
        await stripe.subscriptions.cancel(sub.id);
        await syncSubscription(sub.id, { cause: causedByUser(userId) });
        throw new AppError("card_declined", intent.last_payment_error?.message ?? "The card was declined.");
      }
    }
    await syncSubscription(sub.id, { cause: causedByUser(userId) });
  });
  return sub.status === "active" ? { status: "active", clientSecret: null } : { status: "requires_action", clientSecret: secret };
}
