import http from "node:http";
import { defaultAccountSettings, type ApiContext } from "./http/router";
import { Router } from "./http/router";
import { handleRequest } from "./serve/front-door";
import { HangFault } from "./http/hang-fault";
import { RequestFault } from "./http/request-fault";
import { RateLimitFault } from "./http/rate-limit-fault";
import { registerBillingPortal } from "./routes/billing-portal";
import { registerCatalog } from "./routes/catalog";
import { registerCheckout } from "./routes/checkout";
import { registerCustomerBalance } from "./routes/customer-balance";
import { registerCustomers } from "./routes/customers";
import { registerDiscounts } from "./routes/discounts";
import { registerDisputes } from "./routes/disputes";
import { registerEvents } from "./routes/events";
import { registerInvoicePayments } from "./routes/invoice-payments";
import { registerInvoiceItems } from "./routes/invoice-items";
import { registerInvoices } from "./routes/invoices";
import { registerPaymentIntents } from "./routes/payment-intents";
import { registerPaymentMethods } from "./routes/payment-methods";
import { registerRefunds } from "./routes/refunds";
import { registerSearch } from "./routes/search";
import { registerSetupIntents } from "./routes/setup-intents";
import { registerSubscriptions } from "./routes/subscriptions";
import { registerMeters } from "./routes/meters";
import { registerTestClocks } from "./routes/test-clocks";
import { registerWebhookEndpoints } from "./routes/webhook-endpoints";
import { outcomes } from "./domain/outcomes";
import { catchUpRealTime } from "./domain/advance";
import { newId } from "./store/ids";
import type { Store } from "./store/store";
import type { ConformanceObserver } from "./conformance/observer";
import type { EmulatorHost } from "./host/emulator-host";
import { Dispatcher } from "./webhooks/dispatcher";
import { contextWithEvents } from "./webhooks/emit";

export type EmulatorOptions = {
  retryScale?: number;
  log?: (line: string) => void;
  /** Test runs: check every answer and event against the pinned API's types (see conformance/observer.ts). */
  conformance?: ConformanceObserver;
};

/**
 * The local Stripe's lifecycle: its store, its API routes, its webhook dispatcher and the real-time
 * billing ticker. Requests are handled in http/front-door.ts.
 */
export class Emulator implements EmulatorHost {
  readonly router = new Router();
  readonly rateLimit = new RateLimitFault();
  readonly hang = new HangFault();
  readonly readFault = new RequestFault("GET");
  readonly writeFault = new RequestFault("POST");
  readonly dispatcher: Dispatcher;
  readonly account = defaultAccountSettings();
  readonly outcomes = outcomes;
  private server: http.Server | undefined;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    readonly store: Store,
    private readonly opts: EmulatorOptions = {},
  ) {
    this.dispatcher = new Dispatcher(store, {
      retryScale: opts.retryScale ?? 1,
      log: opts.log,
      onEvent: opts.conformance ? (event) => opts.conformance!.event(event) : undefined,
    });
    for (const register of [
      registerCustomers,
      registerCustomerBalance,
      registerCatalog,
      registerDiscounts,
      registerPaymentMethods,
      registerPaymentIntents,
      registerSetupIntents,
      registerRefunds,
      registerDisputes,
      registerInvoicePayments,
      registerSubscriptions,
      registerInvoiceItems,
      registerInvoices,
      registerTestClocks,
      registerMeters,
      registerCheckout,
      registerBillingPortal,
      registerWebhookEndpoints,
      registerSearch,
    ]) {
      register(this.router);
    }
    registerEvents(this.router, this.dispatcher);
  }

  get conformance(): ConformanceObserver | undefined {
    return this.opts.conformance;
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  async listen(port: number, host = "127.0.0.1"): Promise<string> {
    this.server = http.createServer((req, res) => void handleRequest(this, req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, resolve);
    });
    this.dispatcher.resumePending();
    // Subscriptions on the real clock renew, end trials and retry payments as real time reaches them.
    this.ticker = setInterval(() => void this.runDueWork().catch((err) => this.log(`real-time billing failed: ${String(err)}`)), 15_000);
    this.ticker.unref();
    const address = this.server.address() as { port: number };
    const url = `http://${host}:${address.port}`;
    this.account.publicBaseUrl = url;
    return url;
  }

  async close(): Promise<void> {
    clearInterval(this.ticker);
    this.hang.configure(false);
    this.dispatcher.stop();
    this.opts.conformance?.flush();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    await this.store.close();
  }

  /** Runs emulator-internal work (controls, pages, schedules) with an API context in one transaction. */
  internal<T>(work: (ctx: ApiContext) => T | Promise<T>): Promise<T> {
    return this.store.transact((tx) =>
      work(
        contextWithEvents(this, tx, {
          path: {},
          params: {},
          now: Math.floor(Date.now() / 1000),
          requestId: newId("req", 14),
          idempotencyKey: undefined,
        }),
      ),
    );
  }

  /** One pass of real-time billing work. */
  runDueWork(): Promise<number> {
    return this.internal((ctx) => catchUpRealTime(ctx, ctx.now));
  }
}
