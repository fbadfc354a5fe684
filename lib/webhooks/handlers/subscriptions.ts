import "server-only";
import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/billing-audit";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { recordTrialEndingEmail } from "@/lib/billing-emails/subscription-emails";
import { findOrgForCustomer } from "@/lib/customers/find-org";
import { db } from "@/lib/db";
import { idOf } from "@/lib/stripe/objects";
import { objectId, type Handler, type Handlers } from "./handler";

const subscriptionChanged: Handler = (event, options) => syncSubscription(objectId(event), options);

/** The trial's end is near: the mirror is brought up to date, the audit log notes it, and the owners are emailed. */
const trialWillEnd: Handler = async (event, options) => {
  await syncSubscription(objectId(event), options);
  const sub = event.data.object as Stripe.Subscription;
  const org = await findOrgForCustomer(idOf(sub.customer)!);
  if (!org) return;
  await db.$transaction(async (tx) => {
    await writeAudit(tx, {
      orgId: org.id,
      action: "trial.will_end",
      cause: options.cause,
      after: { subscription: sub.id, trialEnd: sub.trial_end },
    });
    const saved = await tx.subscription.findUnique({ where: { stripeSubscriptionId: sub.id } });
    if (saved) await recordTrialEndingEmail(tx, org.id, saved);
  });
};

export const subscriptionHandlers = {
  "customer.subscription.created": subscriptionChanged,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionChanged,
  "customer.subscription.paused": subscriptionChanged,
  "customer.subscription.resumed": subscriptionChanged,
  "customer.subscription.trial_will_end": trialWillEnd,
} satisfies Handlers;
