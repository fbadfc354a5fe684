import { CLIENT_IP_HEADER } from "@/lib/http/edge/client-ip";

/**
 * The client's network address as the app server established it (lib/http/edge/client-ip.ts: the socket,
 * or the trusted proxy's X-Forwarded-For entry). The server removes any such header a client sends.
 */
export function clientAddressOf(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
