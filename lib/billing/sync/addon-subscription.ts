import "server-only";
import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/billing-audit";
import { db } from "@/lib/db";
import { announceBillingChange } from "@/lib/db/change-feed";
import { forgetEntitlements } from "@/lib/entitlements/entitlements";
import { lockOrg } from "@/lib/orgs/lock-org";
import { mirrorInvoice } from "./invoice";
import type { SyncOptions } from "./sync-options";
import { idOf, periodOf, planItemOf } from "@/lib/stripe/objects";
import { isAddOnHeld } from "@/lib/plans/subscription-states";

/** Metadata on an add-on's subscription carrying its configuration (the custom domain). */
export const ADDON_DOMAIN_KEY = "tollgate_domain";

/** Each add-on is its own Stripe subscription; this mirrors one into OrgAddOn, with audit entries on change. */
export async function syncAddOnSubscription(
  orgId: string,
  sub: Stripe.Subscription,
  addOnCode: string,
  { cause }: SyncOptions,
): Promise<void> {
  const domain = sub.metadata?.[ADDON_DOMAIN_KEY] || null;
  const fields = {
    addOnCode,
    status: sub.status,
    stripeItemId: planItemOf(sub)?.id ?? null,
    config: domain ? { domain } : {},
    domain: domain && isAddOnHeld(sub.status) ? domain : null,
    currentPeriodEnd: periodOf(sub).end,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
  await db.$transaction(async (tx) => {
    await lockOrg(tx, orgId);
    const existing = await tx.orgAddOn.findUnique({ where: { stripeSubscriptionId: sub.id } });
    if (fields.domain) {
      const holder = await tx.orgAddOn.findUnique({
        where: { domain: fields.domain },
        select: { orgId: true, stripeSubscriptionId: true },
      });
      if (holder && holder.stripeSubscriptionId !== sub.id) {
        fields.domain = null;
        if (!existing)
          await writeAudit(tx, {
            orgId,
            kind: "mismatch",
            action: "addon.domain_conflict",
            cause,
            after: { domain, subscription: sub.id, heldBy: holder.orgId },
          });
      }
    }
    await tx.orgAddOn.upsert({
      where: { stripeSubscriptionId: sub.id },
      create: { ...fields, orgId, stripeSubscriptionId: sub.id },
      update: fields,
    });
    // The invoice the add-on's status depends on lands with it, as a plan's does: the billing page stops waiting once the
    // add-on is active, and must not show it beside its first invoice still open.
    if (sub.latest_invoice && typeof sub.latest_invoice !== "string") await mirrorInvoice(tx, orgId, sub.latest_invoice);
    const before = existing ? { status: existing.status, cancelAtPeriodEnd: existing.cancelAtPeriodEnd } : null;
    const after = { status: fields.status, cancelAtPeriodEnd: fields.cancelAtPeriodEnd };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const action = !existing
      ? "addon.added"
      : existing.status !== fields.status
        ? "addon.status_changed"
        : fields.cancelAtPeriodEnd
          ? "addon.cancel_scheduled"
          : "addon.cancel_undone";
    await writeAudit(tx, {
      orgId,
      action,
      cause,
      before,
      after: { ...after, addOn: addOnCode, subscription: sub.id, customer: idOf(sub.customer) },
    });
    await announceBillingChange(tx, orgId);
  });
  forgetEntitlements(orgId);
}
