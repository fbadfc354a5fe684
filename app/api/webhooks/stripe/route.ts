import { WEBHOOK_BODY_LIMIT } from "@/lib/http/edge/body-limits";
import { readBodyText } from "@/lib/http/read-body";
import { publicRoute } from "@/lib/api/route";
import { acknowledgeStripeWebhook } from "@/lib/webhooks/acknowledge";

export const dynamic = "force-dynamic";

/**
 * Stripe's webhook under `next dev`; the app server (scripts/app-server.ts) answers deliveries before Next does,
 * through the same acknowledgeStripeWebhook. Processing happens in the worker.
 */
export const POST = publicRoute(async ({ req }) => {
  const answer = await acknowledgeStripeWebhook(() => readBodyText(req, WEBHOOK_BODY_LIMIT), req.headers.get("stripe-signature"));
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
});
