// The web process: Next.js behind Tollgate's request guard. `npm start` runs it; in production run one or more behind a load balancer.
import { register } from "node:module";
import next from "next";
import { env } from "../lib/env";
import { ROOT } from "./lib/root";

register("./lib/server-only-hook.mjs", import.meta.url);
// Loaded after the hook is in place: the webhook's modules, which the server answers itself, are marked server-only.
const { createWebServer } = await import("./lib/web-server");

const e = env();
const app = next({ dev: false, dir: ROOT, hostname: e.HOST, port: e.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const edge = { appBaseUrl: e.APP_BASE_URL, stripeApiBase: e.STRIPE_API_BASE, trustedProxyHops: e.TRUST_PROXY_HOPS };

const server = createWebServer(edge, handle);
server.listen({ port: e.PORT, host: e.HOST, backlog: 4096 }, () =>
  console.log(`app ready on ${e.APP_BASE_URL} (listening on ${e.HOST}:${e.PORT})`),
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
