import http from "node:http";
import { guardRequest, type EdgeOptions } from "../../lib/http/edge/guard-request";
import { isStripeDelivery, serveStripeWebhook } from "../../lib/webhooks/serve-webhook";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * After a refusal, read and drop what the client is still sending, so the refusal reaches it (closing
 * on unread data makes the kernel reset the connection, and the client may never see the answer),
 * but no more than a few megabytes of it.
 */
function discardUpload(req: http.IncomingMessage): void {
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > 8 * 1024 * 1024) req.destroy();
  });
}

/**
 * The web process's HTTP server: every request meets the request guard first; Stripe's deliveries are then
 * acknowledged here, without Next's router (Stripe wants a 2xx fast, and sends in bursts); the rest go to `app`.
 */
export function createWebServer(edge: EdgeOptions, app: Handler): http.Server {
  const server = http.createServer((req, res) => {
    if (!guardRequest(req, res, edge)) {
      discardUpload(req);
      return;
    }
    (isStripeDelivery(req) ? serveStripeWebhook(req, res) : app(req, res)).catch((err: unknown) => {
      console.error("[tollgate] request failed", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side." } }));
    });
  });
  // A client reuses an idle keep-alive connection while Node's default 5 s timeout closes it: the request then meets a
  // reset (seen in CI: a POST after a few seconds of browser steps). Keeping connections longer than clients and load
  // balancers do (60 s is the common idle timeout) makes the server never the side that closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
