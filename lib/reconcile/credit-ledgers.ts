import "server-only";
import { db } from "@/lib/db";
import { mismatchOnce, type ReconcileContext } from "./context";

/**
 * Tollgate's own credit records checked against each other, after the top-ups were settled from Stripe: what a
 * top-up's ledger entries add up to against what its record says it granted (and never more than the pack), and
 * each balance against its ledger. A difference is a local fault (a double credit, a hand edit): Stripe cannot
 * say which side is right, so it is reported, never "repaired".
 */
export async function checkCreditLedgers(orgIds: string[], ctx: ReconcileContext): Promise<void> {
  if (orgIds.length === 0) return;
  const topUps = await db.$queryRaw<{ orgId: string; intent: string; granted: number; packCredits: number; ledger: number }[]>`
    select p."orgId", p."stripePaymentIntentId" as intent, p."creditsGranted" as granted, p."credits" as "packCredits",
           coalesce(sum(l."delta"), 0)::int as ledger
    from "TopUpPurchase" p
    left join "CreditLedgerEntry" l
      on l."orgId" = p."orgId" and left(l."sourceId", length(p."stripePaymentIntentId") + 1) = p."stripePaymentIntentId" || ':'
    where p."orgId" = any(${orgIds})
    group by p."id"
    having coalesce(sum(l."delta"), 0) <> p."creditsGranted" or p."creditsGranted" > p."credits"`;
  for (const t of topUps) {
    await mismatchOnce(
      ctx,
      t.orgId,
      "reconcile.top_up_ledger_mismatch",
      ["paymentIntent", t.intent],
      { ledgerCredits: t.ledger, recordedCredits: t.granted, packCredits: t.packCredits },
      "The credit ledger and the top-up's record disagree on what this payment added (or it added more than the pack holds): check the ledger entries before correcting the balance.",
    );
  }
  const balances = await db.$queryRaw<{ orgId: string; balance: number; ledger: number }[]>`
    select o."id" as "orgId", o."creditBalance" as balance, coalesce(sum(l."delta"), 0)::int as ledger
    from "Organization" o left join "CreditLedgerEntry" l on l."orgId" = o."id"
    where o."id" = any(${orgIds})
    group by o."id"
    having coalesce(sum(l."delta"), 0) <> o."creditBalance"`;
  for (const b of balances) {
    await mismatchOnce(
      ctx,
      b.orgId,
      "reconcile.credit_balance_drift",
      ["org", b.orgId],
      { balance: b.balance, ledgerTotal: b.ledger },
      "The org's credit balance is not the sum of its ledger entries.",
    );
  }
}
