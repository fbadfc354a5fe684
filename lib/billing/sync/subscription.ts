import "server-only";
import { log } from "@/lib/log";
import { catalogItemForProduct } from "@/lib/catalog/catalog";
import { syncAddOnSubscription } from "./addon-subscription";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { syncPlanSubscription } from "./plan-subscription";
import { retrieveSubscription } from "./retrieve-subscription";
import { idOf, planItemOf } from "@/lib/stripe/objects";
import { onceInBatch } from "./sync-batch";
import type { SyncOptions } from "./sync-options";

export type { SyncOptions } from "./sync-options";

/** Refusing a reused trial card changes Stripe once; one more read shows the result, and nothing loops past that. */
const MAX_PASSES = 2;

/**
 * Brings the local copy of a subscription, and the org's effective plan, in line with
 * Stripe's current state (re-read, never taken from an event), with one audit entry
 * per real transition. Running it again with nothing changed in Stripe writes nothing.
 */
export function syncSubscription(subscriptionId: string, options: SyncOptions): Promise<void> {
  return onceInBatch(`subscription:${subscriptionId}`, () => syncInPasses(subscriptionId, options));
}

async function syncInPasses(subscriptionId: string, options: SyncOptions): Promise<void> {
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const { trialRefused } = await syncOnce(subscriptionId, options);
    if (!trialRefused) return;
  }
  log().warn({ subscriptionId }, "subscription still trialing on a reused card after its trial was ended; left for the next event");
}

async function syncOnce(subscriptionId: string, options: SyncOptions): Promise<{ trialRefused: boolean }> {
  const sub = await retrieveSubscription(subscriptionId);
  if (!sub) return { trialRefused: false };
  const item = planItemOf(sub);
  const catalogItem = await catalogItemForProduct(idOf(item?.price.product as string | { id: string } | undefined));
  if (!catalogItem) return { trialRefused: false };
  const org = await findOrgForCustomer(idOf(sub.customer)!, sub.metadata?.orgId);
  if (!org) return { trialRefused: false };
  if (catalogItem.kind === "addon") {
    await syncAddOnSubscription(org.id, sub, catalogItem.code, options);
    return { trialRefused: false };
  }
  return syncPlanSubscription(org.id, sub, catalogItem.code, options);
}
