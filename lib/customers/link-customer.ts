import "server-only";
import type Stripe from "stripe";
import { writeAudit, type AuditCause } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";

/**
 * A customer made in Stripe for an org that has none yet (by an operator in the dashboard, for a sales-led deal or a
 * test clock) becomes that org's customer, so the org's first Checkout uses it instead of making a second one.
 * The customer is read again from Stripe; an org that already has a customer keeps it.
 */
export async function linkCustomerToOrg(customerId: string, cause: AuditCause): Promise<void> {
  if (await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })) return;
  const customer = await requireStripe().customers.retrieve(customerId);
  if (customer.deleted) return;
  const orgId = (customer as Stripe.Customer).metadata?.orgId;
  if (!orgId) return;
  await db.$transaction(async (tx) => {
    const claimed = await tx.organization.updateMany({
      where: { id: orgId, stripeCustomerId: null },
      data: { stripeCustomerId: customerId },
    });
    if (claimed.count === 1) await writeAudit(tx, { orgId, action: "customer.linked", cause, after: { customer: customerId } });
  });
}
