import type http from "node:http";
import { runControl } from "./controls";
import type { EmulatorHost } from "../host/emulator-host";
import { siteRoutes } from "../site/site-routes";
import { newId } from "../store/ids";
import { handleApi } from "./api-pipeline";
import { fromForeignPage, isLoopbackHost } from "../http/browser-safety";
import { StripeError } from "../http/errors";
import { RATE_LIMITED_BODY } from "../http/rate-limit-fault";
import { REQUEST_FAULT_BODY } from "../http/request-fault";
import { readBody, sendJson } from "../http/respond";

const MAX_BODY = 1024 * 1024;

/** Every request to the local Stripe: who may ask, then the API (/v1), the browser-facing site, or a control (/_emulator). */
export async function handleRequest(emulator: EmulatorHost, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.local");
  const method = req.method ?? "GET";
  const requestId = newId("req", 14);
  res.setHeader("request-id", requestId);
  res.setHeader("x-content-type-options", "nosniff");
  try {
    if (!isLoopbackHost(req.headers.host))
      return sendJson(res, 421, {
        error: { type: "invalid_request_error", message: "The local Stripe answers only on a loopback address." },
      });
    const body = await readBody(req, MAX_BODY);
    if (method === "OPTIONS") return preflight(req, res, url);
    // A web page on another origin may not drive the emulator's controls, hosted pages or dashboard.
    if (method !== "GET" && !url.pathname.startsWith("/v1/") && fromForeignPage(req)) {
      return sendJson(res, 403, {
        error: { type: "invalid_request_error", message: "Cross-origin requests to the local Stripe's pages and controls are refused." },
      });
    }
    if (url.pathname.startsWith("/v1/")) {
      if (emulator.hang.hold(res)) return;
      if (!emulator.rateLimit.admit(Date.now())) return sendJson(res, 429, RATE_LIMITED_BODY);
      if (emulator.readFault.fails(method, url.pathname) || emulator.writeFault.fails(method, url.pathname))
        return sendJson(res, 500, REQUEST_FAULT_BODY);
      return await handleApi(emulator, req, res, url, body, requestId);
    }
    const site = siteRoutes.match(method, url.pathname);
    if (site) return await site.handler({ emulator, req, res, url, body, path: site.path });
    if (url.pathname.startsWith("/_emulator/")) return sendJson(res, 200, await runControl(emulator, method, url, body));
    sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${url.pathname}).` } });
  } catch (err) {
    if (err instanceof StripeError) return sendJson(res, err.status, { error: { ...err.body, request_log_url: null } });
    emulator.log(`emulator error on ${method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
    sendJson(res, 500, { error: { type: "api_error", message: "An unknown error occurred in the Stripe emulator." } });
  }
}

/** Stripe.js calls the API from the app's origin with an Authorization header: only /v1 answers CORS, and the
 * request itself must then use a publishable key (see handleApi). */
function preflight(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (!url.pathname.startsWith("/v1/"))
    return sendJson(res, 403, { error: { type: "invalid_request_error", message: "No cross-origin access here." } });
  res
    .writeHead(204, {
      "access-control-allow-origin": req.headers.origin ?? "*",
      "access-control-allow-headers": "authorization, content-type, stripe-version, idempotency-key",
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-max-age": "600",
      vary: "origin",
    })
    .end();
}
