import "server-only";
import type Stripe from "stripe";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { idOf } from "@/lib/billing/sync/stripe-objects";
import { db } from "@/lib/db";
import { applyCreditChange } from "./ledger";

const topUpOf = (intent: Stripe.PaymentIntent) => {
  const credits = Number(intent.metadata?.credits);
  const orgId = intent.metadata?.orgId;
  return orgId && Number.isInteger(credits) && credits > 0 ? { orgId, credits } : null;
};

/** Checks that the intent's customer is the org's, so metadata alone can't credit another org. */
async function orgOwns(orgId: string, intent: Stripe.PaymentIntent): Promise<boolean> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { stripeCustomerId: true } });
  return Boolean(org?.stripeCustomerId) && org!.stripeCustomerId === idOf(intent.customer);
}

const shareOf = (credits: number, refunded: number, amount: number) => Math.floor((credits * refunded) / amount);

/** Adds a succeeded top-up's credits, once per PaymentIntent. */
export async function creditSucceededTopUp(intent: Stripe.PaymentIntent): Promise<void> {
  const topUp = topUpOf(intent);
  if (!topUp || intent.status !== "succeeded" || !(await orgOwns(topUp.orgId, intent))) return;
  await db.$transaction((tx) => applyCreditChange(tx, {
    orgId: topUp.orgId, delta: topUp.credits, reason: "topup", sourceId: intent.id, note: `${topUp.credits} credits (${intent.metadata.packId})`,
  }));
}

/**
 * Takes back the refunded share of a top-up's credits. Each refund state (the charge's amount
 * refunded so far) is applied once; credits already spent can't be taken back, and the shortfall
 * is recorded for operators rather than driving the balance below zero.
 */
export async function reverseRefundedTopUp(intent: Stripe.PaymentIntent, charge: Stripe.Charge, cause: AuditCause): Promise<void> {
  const topUp = topUpOf(intent);
  if (!topUp || charge.amount_refunded <= 0 || !(await orgOwns(topUp.orgId, intent))) return;
  const target = shareOf(topUp.credits, charge.amount_refunded, charge.amount);
  await db.$transaction(async (tx) => {
    // Each earlier refund state is in its entry's source id; what it owed follows from it.
    const previous = await tx.creditLedgerEntry.findMany({ where: { orgId: topUp.orgId, reason: "refund", sourceId: { startsWith: `${intent.id}:` } }, select: { sourceId: true } });
    const settled = Math.max(0, ...previous.map((e) => shareOf(topUp.credits, Number(e.sourceId.split(":")[1]), charge.amount)));
    const owed = target - settled;
    if (owed <= 0) return;
    const org = await tx.organization.findUniqueOrThrow({ where: { id: topUp.orgId }, select: { creditBalance: true } });
    const taken = Math.min(owed, org.creditBalance);
    const shortfall = owed - taken;
    await applyCreditChange(tx, {
      orgId: topUp.orgId, delta: -taken, reason: "refund", sourceId: `${intent.id}:${charge.amount_refunded}`,
      note: `refund of ${charge.amount_refunded} of ${charge.amount} cents${shortfall ? `; shortfall ${shortfall}` : ""}`,
    });
    if (shortfall) {
      await writeAudit(tx, { orgId: topUp.orgId, kind: "mismatch", action: "credits.refund_shortfall", cause, after: { paymentIntent: intent.id, owed, taken, shortfall } });
    }
  });
}
