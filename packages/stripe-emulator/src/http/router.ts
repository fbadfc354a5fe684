import type { Tx, Stored } from "../store/store";

export type ApiContext = {
  tx: Tx;
  /** Path parameters, e.g. { id } for /v1/customers/:id. */
  path: Record<string, string>;
  /** Parsed form body (POST) or query string (GET, DELETE), without expand[]. */
  params: Record<string, unknown>;
  /** Seconds since the epoch, the emulator's real clock. */
  now: number;
  requestId: string;
  idempotencyKey: string | undefined;
  /** Made with a publishable key (Stripe.js in a browser), not a secret one. */
  publishableKey?: boolean;
  /** Set when the request runs under a version older than the pinned one (no Stripe-Version: the account default). */
  legacyApiVersion?: boolean;
  emit(type: string, object: Stored, previous?: Record<string, unknown>): void;
  /** This emulator's account settings (changed through /_emulator/settings). */
  account: AccountSettings;
  /** What a succeeded payment or a paid invoice settles elsewhere (domain/outcomes.ts; the server wires it in). */
  outcomes: Outcomes;
};

/** What the domain's functions are given: the transaction, the time, events, settings and outcomes. */
export type DomainContext = Pick<ApiContext, "tx" | "now" | "emit" | "account" | "outcomes">;

/** The settings Stripe keeps per account that the emulator honours, one object per emulator. */
export type AccountSettings = {
  /** Where hosted pages (invoices, PDFs, Checkout, the portal) are served: the emulator's own address. */
  publicBaseUrl: string;
  /** Retry a failed renewal after these days, then end as `final`. */
  dunning: { retryDays: number[]; final: "canceled" | "unpaid" | "past_due" };
  /** The version a request without Stripe-Version runs under. */
  defaultApiVersion: string;
};

export const defaultAccountSettings = (): AccountSettings => ({
  publicBaseUrl: "http://127.0.0.1:12111",
  dunning: { retryDays: [3, 5, 7], final: "canceled" },
  defaultApiVersion: "2024-06-20",
});

export type Outcomes = {
  /** A payment intent succeeded: an invoice it pays is paid. */
  intentSucceeded(ctx: DomainContext, intent: Stored): void;
  /** An invoice was paid: a subscription it was holding back becomes active again. */
  invoicePaid(ctx: DomainContext, invoice: Stored, at: number): void;
};

/** A hosted page's address on this emulator. */
export const hostedUrl = (ctx: Pick<ApiContext, "account">, path: string) => `${ctx.account.publicBaseUrl}${path}`;

export type ApiHandler = (ctx: ApiContext) => unknown | Promise<unknown>;
type Route<H> = { methods: readonly string[]; template: string; pattern: RegExp; keys: string[]; handler: H; publishable: boolean };

/**
 * Stripe-style routes: `/v1/customers/:id`. Literal routes are tried before parameterised ones.
 * One router shape serves the API, the hosted pages and the emulator's controls.
 */
export class Router<H = ApiHandler> {
  private readonly routes: Route<H>[] = [];

  add(method: string | readonly string[], path: string, handler: H, opts: { publishable?: boolean } = {}): this {
    const keys: string[] = [];
    const source = path.replace(/:([a-z_]+)/g, (_, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    const methods = typeof method === "string" ? [method] : method;
    this.routes.push({
      methods,
      template: path,
      pattern: new RegExp(`^${source}$`),
      keys,
      handler,
      publishable: opts.publishable ?? false,
    });
    this.routes.sort((a, b) => a.keys.length - b.keys.length);
    return this;
  }

  /** Every route, as `METHOD /path/:id`. */
  templates(): string[] {
    return this.routes.flatMap((route) => route.methods.map((method) => `${method} ${route.template}`));
  }

  match(method: string, pathname: string): { handler: H; path: Record<string, string>; publishable: boolean; template: string } | null {
    for (const route of this.routes) {
      if (!route.methods.includes(method)) continue;
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      const path: Record<string, string> = {};
      try {
        route.keys.forEach((k, i) => (path[k] = decodeURIComponent(m[i + 1]!)));
      } catch {
        return null; // a malformed %-escape names nothing
      }
      return { handler: route.handler, path, publishable: route.publishable, template: route.template };
    }
    return null;
  }
}
