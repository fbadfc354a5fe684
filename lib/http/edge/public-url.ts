import type { IncomingHttpHeaders } from "node:http";

/**
 * Overwrites every header that says where the request was addressed (Host, X-Forwarded-Host/Proto/Port)
 * with the app's public URL, so Next, Auth.js and anything else that builds a URL from the request
 * sees APP_BASE_URL, whatever a client or a proxy sent.
 */
export function pinToPublicUrl(headers: IncomingHttpHeaders, appBaseUrl: string): void {
  const url = new URL(appBaseUrl);
  const protocol = url.protocol.replace(":", "");
  headers.host = url.host;
  headers["x-forwarded-host"] = url.host;
  headers["x-forwarded-proto"] = protocol;
  headers["x-forwarded-port"] = url.port || (protocol === "https" ? "443" : "80");
}
