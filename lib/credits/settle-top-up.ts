import "server-only";
import type Stripe from "stripe";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { withCustomerLock } from "@/lib/db/customer-lock";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { idOf } from "@/lib/stripe/objects";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { recordBillingEmail } from "@/lib/billing-emails/outbox";
import { applyCreditChange } from "./ledger";
import { topUpTarget, type TopUpState } from "./topup-target";

export type TopUpStateWithMetadata = TopUpState & { metadata: Stripe.Metadata };

/** A top-up's state from its PaymentIntent (with `latest_charge` expanded) and the statuses of the charge's disputes. */
export function topUpStateOf(intent: Stripe.PaymentIntent, disputeStatuses: string[]): TopUpStateWithMetadata {
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  return {
    status: intent.status,
    customerId: idOf(intent.customer),
    amount: intent.amount,
    amountReceived: intent.amount_received,
    currency: intent.currency,
    charge: charge ? { amount: charge.amount, amountRefunded: charge.amount_refunded, disputeStatuses } : null,
    metadata: intent.metadata ?? {},
  };
}

async function currentState(intentId: string): Promise<TopUpStateWithMetadata> {
  const stripe = requireStripe();
  const intent = await stripe.paymentIntents.retrieve(intentId, { expand: ["latest_charge"] });
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  const disputes = charge?.disputed ? (await stripe.disputes.list({ charge: charge.id, limit: 100 })).data : [];
  return topUpStateOf(
    intent,
    disputes.map((d) => d.status),
  );
}

/** A PaymentIntent that claims to be a top-up but that Tollgate never priced: nothing is credited; operators are told once. */
async function reportUnknownTopUp(intentId: string, state: TopUpStateWithMetadata, cause: AuditCause): Promise<void> {
  if (state.status !== "succeeded" || !state.customerId) return;
  const org = await findOrgForCustomer(state.customerId);
  if (!org) return;
  const already = await db.billingAuditEntry.count({
    where: { orgId: org.id, action: "credits.unknown_top_up", after: { path: ["paymentIntent"], equals: intentId } },
  });
  if (already > 0) return;
  await db.$transaction((tx) =>
    writeAudit(tx, {
      orgId: org.id,
      kind: "mismatch",
      action: "credits.unknown_top_up",
      cause,
      after: {
        paymentIntent: intentId,
        amountReceived: state.amountReceived,
        currency: state.currency,
        claimedCredits: state.metadata.credits ?? null,
      },
      note: "A succeeded payment claims to be a credit top-up, but Tollgate did not create it: no credits were added.",
    }),
  );
}

/**
 * Brings a top-up's effect on the balance to what its current state says it should be (see topUpTarget):
 * the same call after any event about the intent, its charge, a refund or a dispute, in any order and
 * any number of times. Runs under the customer's lock, so two settlements never interleave.
 */
export async function settleTopUp(intentId: string, cause: AuditCause, hint: { claimsTopUp: boolean }): Promise<void> {
  const purchase = await db.topUpPurchase.findUnique({ where: { stripePaymentIntentId: intentId }, select: { stripeCustomerId: true } });
  if (!purchase) {
    if (!hint.claimsTopUp) return; // an invoice's payment, followed through its invoice
    const state = await currentState(intentId);
    if (state.metadata.kind === "credit_topup") await reportUnknownTopUp(intentId, state, cause);
    return;
  }
  await withCustomerLock(purchase.stripeCustomerId, async () => {
    const state = await currentState(intentId);
    await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<
        { id: string }[]
      >`select "id" from "TopUpPurchase" where "stripePaymentIntentId" = ${intentId} for update`;
      const record = await tx.topUpPurchase.findUniqueOrThrow({ where: { id: locked!.id } });
      const target = topUpTarget(record, state);
      // More granted than the pack holds is no state of Stripe's: a local fault the reconcile reports, never "repaired" here.
      const wanted = record.creditsGranted > record.credits ? 0 : target.credits - record.creditsGranted;
      let granted = record.creditsGranted;
      let revision = record.revision;
      if (wanted !== 0) {
        const org = await tx.organization.findUniqueOrThrow({ where: { id: record.orgId }, select: { creditBalance: true } });
        // Credits already spent can't be taken back: take what is there and record the rest as owed.
        const delta = wanted > 0 ? wanted : -Math.min(-wanted, org.creditBalance);
        if (delta !== 0) {
          revision += 1;
          await applyCreditChange(tx, {
            orgId: record.orgId,
            delta,
            reason: delta > 0 ? "topup" : "refund",
            sourceId: `${intentId}:${revision}`,
            note: `${record.packCode}: ${target.state} (${target.credits} of ${record.credits} credits)`,
          });
          granted += delta;
        }
      }
      const owed = granted - target.credits;
      if (target.problems.length > 0 && record.state !== "rejected") {
        await writeAudit(tx, {
          orgId: record.orgId,
          kind: "mismatch",
          action: "credits.top_up_mismatch",
          cause,
          after: { paymentIntent: intentId, problems: target.problems },
          note: "The payment does not match the top-up Tollgate priced: no credits were added.",
        });
      }
      if (owed > 0 && owed !== record.creditsOwed) {
        await writeAudit(tx, {
          orgId: record.orgId,
          kind: "mismatch",
          action: "credits.reversal_shortfall",
          cause,
          after: { paymentIntent: intentId, state: target.state, owed },
        });
      }
      // Every change of credits, and every step of a dispute (which may change none), is on the record.
      const disputeStep = target.state !== record.state && (target.state === "disputed" || target.state === "dispute_lost");
      if (granted !== record.creditsGranted || disputeStep) {
        await writeAudit(tx, {
          orgId: record.orgId,
          action: `credits.top_up_${target.state}`,
          cause,
          before: { state: record.state, credits: record.creditsGranted },
          after: { state: target.state, credits: granted },
        });
      }
      if (record.creditsGranted === 0 && granted > 0 && target.state === "succeeded") {
        const pack = await tx.creditPack.findUnique({ where: { code: record.packCode }, select: { name: true } });
        await recordBillingEmail(tx, {
          kind: "topup_receipt",
          causeKey: intentId,
          orgId: record.orgId,
          data: {
            paymentIntentId: intentId,
            packName: pack?.name ?? record.packCode,
            credits: granted,
            amountCents: record.amountCents,
            currency: record.currency,
            buyerUserId: record.createdById,
          },
        });
      }
      await tx.topUpPurchase.update({
        where: { id: record.id },
        data: { creditsGranted: granted, creditsOwed: Math.max(0, owed), revision, state: target.state },
      });
    });
  });
}
