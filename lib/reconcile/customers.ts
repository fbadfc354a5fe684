import "server-only";
import { db } from "@/lib/db";
import { requireStripe } from "@/lib/stripe/client";
import { mismatchOnce, type ReconcileContext } from "./context";

/**
 * The customers the account-wide list shows (Stripe leaves out those on test clocks), reporting on the way those that
 * name a Tollgate org (metadata orgId) that no longer exists.
 */
export async function listAccountCustomers(ctx: ReconcileContext): Promise<Set<string>> {
  const listed = new Set<string>();
  const namedOrg = new Map<string, string>();
  for await (const customer of requireStripe().customers.list({ limit: 100 })) {
    listed.add(customer.id);
    ctx.counts.objectsCompared++;
    if (customer.metadata?.orgId) namedOrg.set(customer.id, customer.metadata.orgId);
  }
  const existing = new Set(
    (await db.organization.findMany({ where: { id: { in: [...new Set(namedOrg.values())] } }, select: { id: true } })).map((o) => o.id),
  );
  for (const [customerId, orgId] of namedOrg) {
    if (existing.has(orgId)) continue;
    await mismatchOnce(
      ctx,
      null,
      "reconcile.customer_without_org",
      ["customer", customerId],
      { orgId },
      "A Stripe customer names an organization that no longer exists in Tollgate; cancel its subscriptions in Stripe if any remain.",
    );
  }
  return listed;
}

/** Whether the org's customer exists in Stripe; a missing or deleted one is reported (once) and the org skipped. */
export async function customerExists(org: { id: string; stripeCustomerId: string }, ctx: ReconcileContext): Promise<boolean> {
  ctx.counts.objectsCompared++;
  const customer = await requireStripe()
    .customers.retrieve(org.stripeCustomerId)
    .catch((err: { code?: string }) => {
      if (err.code === "resource_missing") return null;
      throw err;
    });
  if (customer && !customer.deleted) return true;
  await mismatchOnce(
    ctx,
    org.id,
    "reconcile.customer_missing",
    ["customer", org.stripeCustomerId],
    {},
    "The org's Stripe customer does not exist (or was deleted) in Stripe.",
  );
  return false;
}
