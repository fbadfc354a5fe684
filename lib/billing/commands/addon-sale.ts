import "server-only";
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import type { OrgRef } from "@/lib/orgs/org-access";
import { domainSchema } from "./domains";
import { FREE_PLAN } from "@/lib/plans/effective-plan";
import { ADDON_DOMAIN_KEY } from "../sync/addon-subscription";
import { ADD_ON_HELD_STATUSES, isInGoodStanding } from "@/lib/plans/subscription-states";

/**
 * What may be sold to this org of one add-on, whichever way it pays (Checkout or the card on file): the add-on from
 * the catalog with its Stripe price, its configuration checked (a domain nobody else holds), and the metadata the
 * subscription carries so its sync knows what it is.
 */
export async function addOnForSale(org: OrgRef, addOnCode: string, rawDomain: string | undefined) {
  const addOn = await db.addOn.findUnique({ where: { code: addOnCode } });
  if (!addOn || !addOn.active) throw new AppError("addon_not_found", `There is no add-on called "${addOnCode}".`);
  if (!addOn.stripePriceId) throw new AppError("price_not_configured", `${addOn.name} is not synced to Stripe yet.`);
  const ent = await getEntitlements(org.id);
  if (ent.planCode === FREE_PLAN || !isInGoodStanding(ent.status)) {
    throw new AppError("no_active_subscription", "Add-ons extend a paid plan: subscribe to a plan first.", { upgrade: ent.upgradePath });
  }
  const owned = await db.orgAddOn.findFirst({ where: { orgId: org.id, addOnCode, status: { in: ADD_ON_HELD_STATUSES } } });
  if (owned) throw new AppError("conflict", `${addOn.name} is already part of this organization's plan.`);
  const feature = (addOn.effect as { feature?: string } | null)?.feature;
  if (feature && ent.features.includes(feature)) throw new AppError("conflict", `${addOn.name} is already included in ${ent.planName}.`);
  let domain: string | undefined;
  if (addOn.configKey === "domain") {
    const parsed = domainSchema.safeParse(rawDomain ?? "");
    if (!parsed.success)
      throw new AppError("validation_failed", parsed.error.issues[0]!.message, { fields: { domain: parsed.error.issues[0]!.message } });
    domain = parsed.data;
    const holder = await db.orgAddOn.findUnique({ where: { domain }, select: { orgId: true } });
    if (holder && holder.orgId !== org.id)
      throw new AppError("domain_taken", `${domain} is already used by another organization.`, {
        fields: { domain: "This domain is taken." },
      });
  }
  const metadata: Record<string, string> = { orgId: org.id, addOnCode, ...(domain ? { [ADDON_DOMAIN_KEY]: domain } : {}) };
  return { addOn, priceId: addOn.stripePriceId, metadata };
}
