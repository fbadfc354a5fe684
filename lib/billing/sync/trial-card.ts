import "server-only";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";

const ACTION = "trial.refused_card_reused";

/**
 * One free trial per card: the first org to start a trial with a card fingerprint owns it.
 * When another org's trialing subscription uses the same card, its trial ends now (Stripe
 * charges the first invoice) and the audit says why. Returns whether the trial was ended.
 */
export async function refuseReusedTrialCard(
  orgId: string,
  subscriptionId: string,
  fingerprint: string,
  cause: AuditCause,
): Promise<boolean> {
  await db.trialFingerprint.createMany({ data: [{ fingerprint, orgId, stripeSubscriptionId: subscriptionId }], skipDuplicates: true });
  const owner = await db.trialFingerprint.findUniqueOrThrow({ where: { fingerprint } });
  if (owner.orgId === orgId) return false;
  await requireStripe().subscriptions.update(
    subscriptionId,
    { trial_end: "now" },
    { idempotencyKey: `tollgate-end-reused-trial-${subscriptionId}` },
  );
  await db.$transaction(async (tx) => {
    const already = await tx.billingAuditEntry.count({
      where: { orgId, action: ACTION, after: { path: ["subscription"], equals: subscriptionId } },
    });
    if (already) return;
    await writeAudit(tx, {
      orgId,
      action: ACTION,
      cause,
      before: { status: "trialing" },
      after: { subscription: subscriptionId, trialEnded: true, firstTrialOrgId: owner.orgId },
      note: "This card already started a trial on another organization; the trial was ended and the plan charged.",
    });
  });
  return true;
}
