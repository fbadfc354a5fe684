import "server-only";
import { db } from "@/lib/db";

/**
 * The org a Stripe customer belongs to. Customers are created by us with the org's id, so the
 * column normally answers; the metadata fallback only ever claims an org that has no customer yet.
 */
export async function findOrgForCustomer(customerId: string, metadataOrgId?: string | null): Promise<{ id: string } | null> {
  const byCustomer = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } });
  if (byCustomer || !metadataOrgId) return byCustomer;
  const claimed = await db.organization.updateMany({
    where: { id: metadataOrgId, stripeCustomerId: null },
    data: { stripeCustomerId: customerId },
  });
  return claimed.count === 1 ? { id: metadataOrgId } : null;
}
