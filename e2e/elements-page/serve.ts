import http from "node:http";
import path from "node:path";
import { build } from "esbuild";
import type Stripe from "stripe";

/** Serves the Elements test page from its own origin; each visit gets a fresh PaymentIntent. */
export async function serveElementsPage(stripe: Stripe, emulatorUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, "app.tsx")],
    bundle: true,
    write: false,
    format: "esm",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;
  const server = http.createServer(async (req, res) => {
    if (req.url === "/app.js") return void res.writeHead(200, { "content-type": "application/javascript" }).end(script);
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: { purpose: "elements-journey" },
    });
    const config = JSON.stringify({ publishableKey: "pk_test_tollgate_e2e", clientSecret: intent.client_secret });
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "x-payment-intent": intent.id })
      .end(`<!doctype html><html><head><meta charset="utf-8"><title>Elements</title>
<script src="${emulatorUrl}/v3/stripe.js"></script></head><body style="font-family:system-ui;max-width:480px;margin:40px auto">
<h1>Buy 1,000 credits</h1><div id="root"></div><script>window.__ELEMENTS_PAGE__ = ${config};</script><script type="module" src="/app.js"></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
