import { WEBHOOK_BODY_LIMIT } from "@/lib/http/edge/body-limits";
import { readBodyText } from "@/lib/http/read-body";
import { publicRoute } from "@/lib/api/route";
import { ingestStripeWebhook } from "@/lib/webhooks/ingest";

export const dynamic = "force-dynamic";

/** Stripe's webhook: verify, store, queue, acknowledge. Processing happens in the worker. */
export const POST = publicRoute(async ({ req }) => {
  const result = await ingestStripeWebhook(await readBodyText(req, WEBHOOK_BODY_LIMIT), req.headers.get("stripe-signature"));
  return Response.json({ received: true, duplicate: result.duplicate });
});
