import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { WEBHOOK_BODY_LIMIT } from "@/lib/http/edge/body-limits";
import { REQUEST_ID_HEADER } from "@/lib/http/edge/client-ip";
import { readIncomingText } from "@/lib/http/read-body";
import { withRequestLog } from "@/lib/log";
import { acknowledgeStripeWebhook, STRIPE_WEBHOOK_PATH } from "./acknowledge";

/** Whether the web process's edge answers this request itself: Stripe's deliveries, which must be acknowledged fast. */
export function isStripeDelivery(req: IncomingMessage): boolean {
  return req.method === "POST" && new URL(req.url ?? "/", "http://x").pathname === STRIPE_WEBHOOK_PATH;
}

/**
 * Answers a delivery on Node's request and response, after the request guard, without Next's router: the same
 * acknowledgement the route handler gives, at a fraction of the cost per request.
 */
export async function serveStripeWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = req.headers["stripe-signature"];
  const signature = (Array.isArray(header) ? header[0] : header) ?? null;
  const requestId = String(req.headers[REQUEST_ID_HEADER]);
  const answer = await withRequestLog(requestId, { method: "POST", path: STRIPE_WEBHOOK_PATH }, () =>
    acknowledgeStripeWebhook(() => readIncomingText(req, WEBHOOK_BODY_LIMIT), signature),
  );
  res.writeHead(answer.status, { ...answer.headers, "content-type": "application/json" });
  res.end(JSON.stringify(answer.body));
}
