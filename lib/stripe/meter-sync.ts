import type Stripe from "stripe";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Keeps each catalog meter on Stripe by its event name: the active meter with that name, an inactive one reactivated
 * (its events and summaries stay with it), or a new one. Returns Stripe's meter id by catalog code.
 */
export async function syncMeters(stripe: Stripe, db: PrismaClient): Promise<Map<string, string>> {
  const onStripe: Stripe.Billing.Meter[] = [];
  for await (const meter of stripe.billing.meters.list({ limit: 100 })) onStripe.push(meter);
  const ids = new Map<string, string>();
  for (const wanted of await db.billingMeter.findMany({ orderBy: { code: "asc" } })) {
    const named = onStripe.filter((m) => m.event_name === wanted.eventName);
    const active = named.find((m) => m.status === "active");
    const inactive = named.find((m) => m.status === "inactive");
    const meter =
      active ??
      (inactive
        ? await stripe.billing.meters.reactivate(inactive.id)
        : await stripe.billing.meters.create(
            {
              display_name: wanted.displayName,
              event_name: wanted.eventName,
              default_aggregation: { formula: "sum" },
              value_settings: { event_payload_key: "value" },
              customer_mapping: { event_payload_key: "stripe_customer_id", type: "by_id" },
            },
            { idempotencyKey: `tollgate-meter-${wanted.code}` },
          ));
    if (meter.display_name !== wanted.displayName) await stripe.billing.meters.update(meter.id, { display_name: wanted.displayName });
    await db.billingMeter.update({ where: { code: wanted.code }, data: { stripeMeterId: meter.id } });
    ids.set(wanted.code, meter.id);
  }
  return ids;
}
