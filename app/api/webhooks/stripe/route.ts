import { publicRoute } from "@/lib/http/route";
import { ingestStripeWebhook } from "@/lib/webhooks/ingest";

export const dynamic = "force-dynamic";

/** Stripe's webhook: verify, store, queue, acknowledge. Processing happens in the worker. */
export const POST = publicRoute(async ({ req }) => {
  const result = await ingestStripeWebhook(await req.text(), req.headers.get("stripe-signature"));
  return Response.json({ received: true, duplicate: result.duplicate });
});
