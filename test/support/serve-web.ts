import { createWebServer } from "@/scripts/lib/web-server";
import { listenForTest, type ServedForTest } from "./listen";

/**
 * The web process's own server (scripts/lib/web-server.ts) with its request guard and the webhook it answers
 * itself, without Next behind it: any other path is a 404. What Stripe reaches in production, for tests.
 */
export async function serveWebEdge(port = 0): Promise<ServedForTest> {
  const server = createWebServer({ appBaseUrl: "http://127.0.0.1", trustedProxyHops: 0 }, async (_req, res) => {
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"not_found","message":"Not here."}}');
  });
  return listenForTest(server, port);
}
