import type { IncomingMessage } from "node:http";

export const CLIENT_IP_HEADER = "x-tollgate-client-ip";
/** The request's id, set by the guard (any client-sent x-tollgate-* header is removed first). */
export const REQUEST_ID_HEADER = "x-tollgate-request-id";

/**
 * The client's address as this process can trust it: the socket's peer, or, behind `trustedHops`
 * proxies that each append to X-Forwarded-For, the entry that the outermost trusted proxy added.
 * Entries further left were written by the client and prove nothing.
 */
export function clientIp(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedHops === 0) return peer;
  const raw = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(raw) ? raw.join(",") : (raw ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - trustedHops] ?? chain[0] ?? peer;
}
