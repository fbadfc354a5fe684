import "server-only";
import { appUrl } from "@/lib/app-url";
import type { OrgRef } from "@/lib/orgs/org-access";
import { requireStripe } from "@/lib/stripe/client";
import { ensureStripeCustomer } from "@/lib/customers/ensure-customer";

let configurationId: string | null = null;

/** The portal configuration catalog sync made (found once per process); Stripe's default when there is none. */
async function portalConfiguration(): Promise<string | undefined> {
  if (configurationId) return configurationId;
  for await (const config of requireStripe().billingPortal.configurations.list({ limit: 100 })) {
    if (config.metadata?.tollgate === "portal" && config.active) configurationId = config.id;
  }
  return configurationId ?? undefined;
}

/** A Customer Portal session that returns to the org's billing page. */
export async function createPortalSession(org: OrgRef): Promise<{ url: string }> {
  const customer = await ensureStripeCustomer(org.id);
  const session = await requireStripe().billingPortal.sessions.create({
    customer,
    return_url: appUrl(`/${org.slug}/billing`),
    configuration: await portalConfiguration(),
  });
  return { url: session.url };
}
