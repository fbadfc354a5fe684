import "server-only";
import type Stripe from "stripe";
import { settleTopUp, topUpStateOf } from "@/lib/credits/settle-top-up";
import { topUpTarget } from "@/lib/credits/topup-target";
import { db } from "@/lib/db";
import type { TopUpPurchase } from "@/lib/generated/prisma/client";
import { requireStripe } from "@/lib/stripe/client";
import { TOPUP_KIND } from "@/lib/credits/topup-target";
import { idOf } from "@/lib/stripe/objects";
import { mismatchOnce, repaired, unix, type ReconcileContext } from "./context";
import { orgIdsOf, type ReconcileScope } from "./scope";

const creditsFrom = async (orgId: string, intentId: string) =>
  (await db.creditLedgerEntry.aggregate({ where: { orgId, sourceId: { startsWith: `${intentId}:` } }, _sum: { delta: true } }))._sum
    .delta ?? 0;

/** Whether the listed intent leaves the top-up as Tollgate has it; a disputed charge is always settled (its disputes need a read). */
function agrees(purchase: TopUpPurchase, intent: Stripe.PaymentIntent): boolean {
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  if (charge?.disputed) return false;
  const target = topUpTarget(purchase, topUpStateOf(intent, []));
  return target.state === purchase.state && target.credits === purchase.creditsGranted;
}

/** Settles a top-up again from Stripe's current state (under the customer's lock) and audits what that changed. */
async function settle(orgId: string, intentId: string, ctx: ReconcileContext): Promise<void> {
  const before = await creditsFrom(orgId, intentId);
  try {
    await settleTopUp(intentId, ctx.cause, { claimsTopUp: true });
  } catch (err) {
    if ((err as { code?: string }).code !== "resource_missing") throw err;
    await mismatchOnce(
      ctx,
      orgId,
      "reconcile.top_up_unknown_to_stripe",
      ["paymentIntent", intentId],
      { creditsGranted: before },
      "Tollgate has a credit top-up whose payment Stripe does not know.",
    );
    return;
  }
  const after = await creditsFrom(orgId, intentId);
  if (after !== before)
    await repaired(ctx, orgId, "reconcile.top_up_repaired", { paymentIntent: intentId, creditsBefore: before, creditsAfter: after });
}

/**
 * Credit top-ups since the run's `since`: every payment of the scope's customers that Tollgate priced or that claims to
 * be a top-up, compared from the list (charge expanded), then the scope's priced top-ups the list did not bring.
 * A succeeded payment never credited, a refund never reversed: settled again, as a webhook would have.
 */
export async function reconcileTopUps(scope: ReconcileScope, ctx: ReconcileContext): Promise<void> {
  const seen = new Set<string>();
  const list = requireStripe().paymentIntents.list({
    ...scope.listFilter,
    created: { gte: unix(ctx.since) },
    limit: 100,
    expand: ["data.latest_charge"],
  });
  for await (const intent of list) {
    const customerId = idOf(intent.customer);
    const orgId = customerId ? scope.orgByCustomer.get(customerId) : undefined;
    if (!orgId) continue;
    const purchase = await db.topUpPurchase.findUnique({ where: { stripePaymentIntentId: intent.id } });
    if (!purchase && intent.metadata?.kind !== TOPUP_KIND) continue;
    seen.add(intent.id);
    ctx.counts.objectsCompared++;
    if (purchase && agrees(purchase, intent)) continue;
    await settle(purchase?.orgId ?? orgId, intent.id, ctx);
  }
  const unlisted = await db.topUpPurchase.findMany({
    where: { orgId: { in: orgIdsOf(scope) }, createdAt: { gte: ctx.since }, stripePaymentIntentId: { notIn: [...seen] } },
    select: { orgId: true, stripePaymentIntentId: true },
  });
  for (const purchase of unlisted) {
    ctx.counts.objectsCompared++;
    await settle(purchase.orgId, purchase.stripePaymentIntentId, ctx);
  }
}
