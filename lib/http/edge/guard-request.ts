import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptsCrossOrigin, changesState, isFromAppOrigin } from "./same-origin";
import { securityHeaders } from "./security-headers";
import { bodyLimitFor } from "./body-limits";
import { CLIENT_IP_HEADER, clientIp, REQUEST_ID_HEADER } from "./client-ip";
import { pinToPublicUrl } from "./public-url";
import { hasNulByte } from "./nul-byte";

export type EdgeOptions = { appBaseUrl: string; stripeApiBase?: string; trustedProxyHops: number };

// No "Connection: close": closing while the client still uploads resets the connection before it reads the
// answer; the server reads and drops the rest instead (scripts/app-server.ts, discardUpload).
function refuse(res: ServerResponse, status: number, code: string, message: string): false {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code, message } }));
  return false;
}

/**
 * What every request meets before Next sees it: security headers on the response, the request's
 * addressing pinned to APP_BASE_URL, a trusted client address, declared bodies over the path's limit
 * refused unread, and state-changing requests from other origins refused. True means hand it on.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, options: EdgeOptions): boolean {
  const nonce = randomBytes(16).toString("base64");
  const headers = securityHeaders({ nonce, appBaseUrl: options.appBaseUrl, stripeApiBase: options.stripeApiBase });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  req.headers["content-security-policy"] = headers["Content-Security-Policy"];

  for (const name of Object.keys(req.headers)) if (name.startsWith("x-tollgate-")) delete req.headers[name];
  // Every request gets an id of ours, in the logs and on the response, for support to find it by.
  const requestId = randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader("X-Request-Id", requestId);
  const ip = clientIp(req, options.trustedProxyHops);
  req.headers[CLIENT_IP_HEADER] = ip;
  req.headers["x-forwarded-for"] = ip;
  pinToPublicUrl(req.headers, options.appBaseUrl);

  // No text this app stores or looks up may hold a NUL (PostgreSQL refuses it), so a URL that carries one is bad input.
  if (hasNulByte(req.url ?? "")) return refuse(res, 400, "bad_request", "The URL contains a NUL byte.");
  const pathname = new URL(req.url ?? "/", "http://x").pathname;
  const method = req.method ?? "GET";
  const declared = Number(req.headers["content-length"] ?? 0);
  const limit = bodyLimitFor(pathname);
  if (declared > limit) return refuse(res, 413, "payload_too_large", `The request body is over ${Math.round(limit / 1024)} KB.`);
  // Every client that posts here (browsers, Stripe, the SDKs) declares its length; a chunked body could only
  // be measured by reading it, so it is refused unread.
  if (req.headers["transfer-encoding"] !== undefined && req.headers["content-length"] === undefined && changesState(method)) {
    return refuse(res, 411, "length_required", "Send the request body with a Content-Length.");
  }

  if (changesState(method) && !acceptsCrossOrigin(pathname)) {
    const appOrigin = new URL(options.appBaseUrl).origin;
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (!isFromAppOrigin(header, appOrigin)) {
      return refuse(res, 403, "forbidden_origin", `State-changing requests must come from ${appOrigin} (send Origin: ${appOrigin}).`);
    }
  }
  return true;
}
