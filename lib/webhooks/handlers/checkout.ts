import "server-only";
import { syncSubscription } from "@/lib/billing/sync/subscription";
import { onceInBatch } from "@/lib/billing/sync/sync-batch";
import { requireStripe } from "@/lib/stripe/client";
import { idOf } from "@/lib/stripe/objects";
import { objectId, type Handlers } from "./handler";

export const checkoutHandlers = {
  // The session names the subscription it made; the subscription's own sync does the rest.
  "checkout.session.completed": (event, options) =>
    onceInBatch(`checkout:${objectId(event)}`, async () => {
      const session = await requireStripe().checkout.sessions.retrieve(objectId(event));
      const subscriptionId = idOf(session.subscription as string | { id: string } | null);
      if (subscriptionId) await syncSubscription(subscriptionId, options);
    }),
} satisfies Handlers;
