// The web process: Next.js behind Tollgate's request guard. `npm start` runs it; in production run one or more behind a load balancer.
import http from "node:http";
import next from "next";
import { env } from "../lib/env";
import { guardRequest } from "../lib/http/edge/guard-request";
import { ROOT } from "./lib/root";

const e = env();
const app = next({ dev: false, dir: ROOT, hostname: e.HOST, port: e.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const edge = { appBaseUrl: e.APP_BASE_URL, stripeApiBase: e.STRIPE_API_BASE, trustedProxyHops: e.TRUST_PROXY_HOPS };

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

const server = http.createServer((req, res) => {
  if (!guardRequest(req, res, edge)) {
    discardUpload(req);
    return;
  }
  handle(req, res).catch((err: unknown) => {
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
server.listen(e.PORT, e.HOST, () => console.log(`app ready on ${e.APP_BASE_URL} (listening on ${e.HOST}:${e.PORT})`));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
