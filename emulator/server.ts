import http from "node:http";
import qs from "qs";
import Stripe from "stripe";
import { authenticate } from "./http/auth";
import { fromForeignPage, frameIdParam, isLoopbackHost, originParam } from "./http/browser-safety";
import { CommittedError, StripeError, authenticationError, invalidRequest } from "./http/errors";
import { expand } from "./http/expand";
import { fingerprint, remember, replay, type SavedResponse } from "./http/idempotency";
import { Router, type ApiContext } from "./http/router";
import { registerCatalog } from "./resources/catalog";
import { registerCustomers } from "./resources/customers";
import { registerDiscounts } from "./resources/discounts";
import { registerEvents } from "./resources/events";
import { finishAuthentication, registerPaymentIntents } from "./resources/payment-intents";
import { registerPaymentMethods } from "./resources/payment-methods";
import { registerRefunds } from "./resources/refunds";
import { registerDisputes } from "./resources/disputes";
import { registerInvoicePayments } from "./resources/invoice-payments";
import { registerInvoices } from "./resources/invoices";
import { registerSubscriptions } from "./resources/subscriptions";
import { registerTestClocks } from "./resources/test-clocks";
import { finishCheckoutAfterAuthentication, registerCheckout } from "./resources/checkout";
import { registerBillingPortal } from "./resources/billing-portal";
import { finishSetupAuthentication, registerSetupIntents } from "./resources/setup-intents";
import { setPublicBaseUrl } from "./billing/hooks";
import { hostedInvoice } from "./pages/invoice-routes";
import { dashboardHtml } from "./pages/dashboard";
import { hostedCheckout } from "./pages/checkout-routes";
import { hostedPortal } from "./pages/portal-routes";
import { STRIPE_JS } from "./stripejs/stripe-js";
import { challengeFrameHtml, elementFrameHtml } from "./stripejs/frames";
import { advanceClock, catchUpRealTime } from "./billing/advance";
import { dunning } from "./billing/subscriptions";
import { createEndpoint, registerWebhookEndpoints } from "./resources/webhook-endpoints";
import { newId } from "./store/ids";
import type { Store, Stored, Tx } from "./store/store";
import { Dispatcher } from "./webhooks/dispatcher";
import type { Faults } from "./webhooks/types";

export type EmulatorOptions = { retryScale?: number; log?: (line: string) => void };

const MAX_BODY = 1024 * 1024;

/** The local Stripe: Stripe's REST API under /v1, emulator controls under /_emulator. */
export class Emulator {
  readonly router = new Router();
  readonly dispatcher: Dispatcher;
  private server: http.Server | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    readonly store: Store,
    private readonly opts: EmulatorOptions = {},
  ) {
    this.dispatcher = new Dispatcher(store, { retryScale: opts.retryScale ?? 1, log: opts.log });
    for (const register of [
      registerCustomers,
      registerCatalog,
      registerDiscounts,
      registerPaymentMethods,
      registerPaymentIntents,
      registerSetupIntents,
      registerRefunds,
      registerDisputes,
      registerInvoicePayments,
      registerSubscriptions,
      registerInvoices,
      registerTestClocks,
      registerCheckout,
      registerBillingPortal,
      registerWebhookEndpoints,
    ]) {
      register(this.router);
    }
    registerEvents(this.router, this.dispatcher);
  }

  async listen(port: number, host = "127.0.0.1"): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, resolve);
    });
    this.dispatcher.resumePending();
    // Subscriptions on the real clock renew, end trials and retry payments as real time reaches them.
    this.ticker = setInterval(
      () => void this.runDueWork().catch((err) => this.opts.log?.(`real-time billing failed: ${String(err)}`)),
      15_000,
    );
    this.ticker.unref();
    const address = this.server.address() as { port: number };
    const url = `http://${host}:${address.port}`;
    setPublicBaseUrl(url);
    return url;
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    this.dispatcher.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    await this.store.close();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const requestId = newId("req", 14);
    res.setHeader("request-id", requestId);
    res.setHeader("x-content-type-options", "nosniff");
    try {
      if (!isLoopbackHost(req.headers.host))
        return send(res, 421, {
          error: { type: "invalid_request_error", message: "The local Stripe answers only on a loopback address." },
        });
      const body = await readBody(req);
      if (req.method === "OPTIONS") {
        // Stripe.js calls the API from the app's origin with an Authorization header; only /v1 has CORS,
        // and the request itself must then use a publishable key (see api()).
        if (!url.pathname.startsWith("/v1/"))
          return send(res, 403, { error: { type: "invalid_request_error", message: "No cross-origin access here." } });
        res
          .writeHead(204, {
            "access-control-allow-origin": req.headers.origin ?? "*",
            "access-control-allow-headers": "authorization, content-type, stripe-version, idempotency-key",
            "access-control-allow-methods": "GET, POST, DELETE",
            "access-control-max-age": "600",
            vary: "origin",
          })
          .end();
        return;
      }
      // A web page on another origin may not drive the emulator's controls, hosted pages or dashboard.
      if (req.method !== "GET" && !url.pathname.startsWith("/v1/") && fromForeignPage(req)) {
        return send(res, 403, {
          error: { type: "invalid_request_error", message: "Cross-origin requests to the local Stripe's pages and controls are refused." },
        });
      }
      if (req.method === "GET" && (url.pathname === "/v3/stripe.js" || url.pathname === "/v3" || url.pathname === "/endive/stripe.js")) {
        res.writeHead(200, { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-cache" }).end(STRIPE_JS);
        return;
      }
      const parentOrigin = originParam(url.searchParams.get("parent"));
      if (req.method === "GET" && url.pathname === "/elements/frame") {
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(elementFrameHtml(frameIdParam(url.searchParams.get("frameId")), parentOrigin));
        return;
      }
      const threeDs = /^\/_emulator\/3ds\/((?:pi|seti)_\w+)$/.exec(url.pathname);
      if (req.method === "GET" && threeDs) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(challengeFrameHtml(threeDs[1]!, parentOrigin));
        return;
      }
      if (req.method === "POST" && url.pathname.startsWith("/_emulator/dashboard/"))
        return await this.dashboardAction(res, url.pathname, new URLSearchParams(body));
      if (url.pathname.startsWith("/_emulator/")) return send(res, 200, await this.control(req.method ?? "GET", url, body));
      if (url.pathname.startsWith("/v1/")) return await this.api(req, res, url, body, requestId);
      if (req.method === "GET" && url.pathname === "/") {
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(dashboardHtml(this.store, url.searchParams.get("tab"), url.searchParams.get("notice")));
        return;
      }
      const checkout = /^\/checkout\/(cs_test_\w+)(\/3ds)?$/.exec(url.pathname);
      if (checkout) return await hostedCheckout(this, req, res, url, body, checkout[1]!, Boolean(checkout[2]));
      const portal = /^\/portal\/(bps_\w+)(\/[a-z-]+)?$/.exec(url.pathname);
      if (portal) return await hostedPortal(this, req, res, url, body, portal[1]!, portal[2] ?? "");
      const hosted = /^\/invoices\/(in_\w+)(\/pdf|\/pay|\/3ds)?$/.exec(url.pathname);
      if (hosted) return await hostedInvoice(this, req, res, url, body, hosted[1]!, hosted[2] ?? "");
      send(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
    } catch (err) {
      if (err instanceof StripeError) return send(res, err.status, { error: { ...err.body, request_log_url: null } });
      this.opts.log?.(`emulator error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`);
      send(res, 500, { error: { type: "api_error", message: "An unknown error occurred in the Stripe emulator." } });
    }
  }

  private async api(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string, requestId: string): Promise<void> {
    const method = req.method ?? "GET";
    const key = authenticate(req.headers.authorization);
    const match = this.router.match(method, url.pathname);
    if (!match)
      throw invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        { status: 404 },
      );
    // Browsers on other origins get Stripe.js's publishable-key calls only: a page that knows the
    // (well-known) emulator secret key still can't read or change anything with it.
    if (fromForeignPage(req)) {
      if (!key.publishable) throw authenticationError("Secret keys can't be used from a browser on another origin.");
      res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
      res.setHeader("vary", "origin");
    }
    if (key.publishable && !match.publishable)
      throw authenticationError(
        "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
      );

    const raw = qs.parse(method === "POST" ? body || url.search.slice(1) : url.search.slice(1), {
      depth: 20,
      arrayLimit: 1000,
      parameterLimit: 10_000,
    });
    if (key.publishable && match.path.id) {
      // Stripe.js may read or confirm an intent only with its client secret.
      const target = this.store.get<Stored & { client_secret?: string }>(match.path.id ?? "");
      if (!target || !target.client_secret || raw.client_secret !== target.client_secret) {
        throw invalidRequest("The client_secret provided does not match the client_secret associated with this object.", {
          param: "client_secret",
          code: "parameter_invalid",
        });
      }
    }
    const { expand: expandParam, ...params } = raw as Record<string, unknown>;
    const expandPaths =
      expandParam === undefined ? [] : (Array.isArray(expandParam) ? expandParam : Object.values(expandParam as object)).map(String);
    const idempotencyKey = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    const print = fingerprint(method, url.pathname, raw);
    if (idempotencyKey) res.setHeader("idempotency-key", idempotencyKey);
    res.setHeader("stripe-version", (req.headers["stripe-version"] as string | undefined) ?? Stripe.API_VERSION);

    let replayed = false;
    const response = await this.store.transact(async (tx): Promise<SavedResponse> => {
      if (idempotencyKey) {
        const saved = replay(tx, idempotencyKey, print);
        if (saved) {
          replayed = true;
          return saved;
        }
      }
      const now = Math.floor(Date.now() / 1000);
      const ctx: ApiContext = {
        tx,
        path: match.path,
        params,
        now,
        requestId,
        idempotencyKey,
        emit: (type, object, previous) => this.emit(tx, ctx, type, object, previous),
      };
      let out: SavedResponse;
      try {
        out = { status: 200, body: expand(await match.handler(ctx), expandPaths, (id) => tx.get(id)) };
      } catch (err) {
        if (!(err instanceof CommittedError)) throw err;
        out = { status: err.status, body: { error: err.body } };
      }
      if (idempotencyKey) remember(tx, idempotencyKey, print, out, now);
      return out;
    });
    if (replayed) res.setHeader("idempotent-replayed", "true");
    if (response.status >= 400) throw new StripeError(response.status, (response.body as { error: StripeError["body"] }).error);
    send(res, response.status, response.body);
  }

  /** Runs emulator-internal work (controls, pages, schedules) with an API context in one transaction. */
  internal<T>(work: (ctx: ApiContext) => T | Promise<T>): Promise<T> {
    return this.store.transact((tx) => {
      const now = Math.floor(Date.now() / 1000);
      const ctx = { tx, path: {}, params: {}, now, requestId: newId("req", 14), idempotencyKey: undefined } as unknown as ApiContext;
      ctx.emit = (type, object, previous) => this.emit(tx, ctx, type, object, previous);
      return work(ctx);
    });
  }

  /** One pass of real-time billing work. */
  runDueWork(): Promise<number> {
    return this.internal((ctx) => catchUpRealTime(ctx, ctx.now));
  }

  /** The dashboard's buttons: resend an event, advance a test clock; then back to the page. */
  private async dashboardAction(res: http.ServerResponse, pathname: string, form: URLSearchParams): Promise<void> {
    let location = "/";
    if (pathname.endsWith("/resend")) {
      const count = await this.dispatcher.resend(form.get("event") ?? "");
      location = `/?tab=events&notice=${encodeURIComponent(`Resent ${form.get("event")} to ${count} endpoint(s).`)}`;
    } else if (pathname.endsWith("/advance")) {
      const clockId = form.get("clock") ?? "";
      const days = Math.max(1, Math.min(3650, Number(form.get("days")) || 1));
      await this.internal((ctx) => {
        const clock = ctx.tx.get<Stored & { frozen_time: number }>(clockId);
        if (!clock) return;
        advanceClock(ctx, clockId, clock.frozen_time + days * 86_400);
        ctx.emit("test_helpers.test_clock.ready", ctx.tx.get(clockId)!);
      });
      location = `/?tab=clocks&notice=${encodeURIComponent(`Advanced ${clockId} by ${days} days.`)}`;
    }
    res.writeHead(303, { location }).end();
  }

  private emit(tx: Tx, ctx: ApiContext, type: string, object: Stored, previous?: Record<string, unknown>): void {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: ctx.now,
      data: { object: structuredClone(object), ...(previous && Object.keys(previous).length > 0 ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey ?? null },
      type,
    };
    this.dispatcher.enqueue(tx, event, ctx.now);
    tx.put(event);
  }

  private async control(method: string, url: URL, body: string): Promise<unknown> {
    let json: Record<string, unknown> = {};
    try {
      json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      throw invalidRequest("Emulator controls take a JSON body.");
    }
    if (method === "GET" && url.pathname === "/_emulator/health") return { ok: true };
    if (method === "POST" && url.pathname === "/_emulator/faults") {
      this.dispatcher.faults = {
        duplicate: Boolean(json.duplicate),
        shuffle: Boolean(json.shuffle),
        delayMs: Number(json.delayMs ?? 0),
      } satisfies Faults;
      return this.dispatcher.faults;
    }
    if (url.pathname === "/_emulator/settings") {
      // Stripe's dashboard settings the emulator honours: the retry schedule and what ends dunning.
      if (method === "POST" && json.dunning) {
        const d = json.dunning as { retryDays?: unknown; final?: unknown };
        if (Array.isArray(d.retryDays) && d.retryDays.every((n) => Number.isInteger(n) && n > 0))
          dunning.retryDays = d.retryDays as number[];
        if (d.final === "canceled" || d.final === "unpaid" || d.final === "past_due") dunning.final = d.final;
      }
      return { dunning };
    }
    if (method === "POST" && url.pathname === "/_emulator/webhook_endpoints") {
      // Registers an endpoint with a secret chosen by the caller (npm start gives the app's STRIPE_WEBHOOK_SECRET).
      return this.store.transact((tx) => {
        const existing = tx.all<Stored & { url: string }>("webhook_endpoint").find((e) => e.url === json.url);
        if (existing) tx.delete(existing.id);
        const endpoint = createEndpoint(
          tx,
          { url: String(json.url), enabledEvents: (json.enabled_events as string[]) ?? ["*"], secret: json.secret as string | undefined },
          Math.floor(Date.now() / 1000),
        );
        return { id: endpoint.id, url: endpoint.url, secret: endpoint.secret };
      });
    }
    const authenticate3ds = /^\/_emulator\/(?:payment_intents|setup_intents)\/([^/]+)\/authenticate$/.exec(url.pathname);
    if (method === "POST" && authenticate3ds) {
      // The 3-D Secure challenge's "Complete" / "Fail" buttons (hosted pages and the Stripe.js stand-in use this).
      const outcome = json.outcome === "fail" ? "fail" : "complete";
      return this.internal((ctx) => {
        if (authenticate3ds[1]!.startsWith("seti_")) return finishSetupAuthentication(ctx, authenticate3ds[1]!, outcome);
        const intent = finishAuthentication(ctx, authenticate3ds[1]!, outcome);
        finishCheckoutAfterAuthentication(ctx, intent);
        return intent;
      });
    }
    const resend = /^\/_emulator\/events\/([^/]+)\/resend$/.exec(url.pathname);
    if (method === "POST" && resend) {
      await this.dispatcher.resend(resend[1]!, json.endpoint as string | undefined);
      return { resent: resend[1] };
    }
    if (method === "GET" && url.pathname === "/_emulator/deliveries") {
      const event = url.searchParams.get("event");
      return { data: this.store.all<Stored & { event: string }>("emulator.delivery").filter((d) => !event || d.event === event) };
    }
    throw invalidRequest(`Unknown emulator control: ${method} ${url.pathname}`, { status: 404 });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(invalidRequest("Request body too large.", { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
