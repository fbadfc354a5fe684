import "server-only";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";

/**
 * The organization's one Stripe customer, created on first need. The
 * idempotency key is derived from the org id, so concurrent first calls
 * converge on the same customer, and only an empty column is ever written.
 */
export async function ensureStripeCustomer(orgId: string): Promise<string> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, slug: true, stripeCustomerId: true },
  });
  if (org.stripeCustomerId) return org.stripeCustomerId;
  const customer = await requireStripe().customers.create(
    { name: org.name, metadata: { orgId: org.id, orgSlug: org.slug } },
    { idempotencyKey: `tollgate-org-customer-${org.id}` },
  );
  await db.organization.updateMany({ where: { id: org.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const saved = await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { stripeCustomerId: true } });
  return saved.stripeCustomerId!;
}
