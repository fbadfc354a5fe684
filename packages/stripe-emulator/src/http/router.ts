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
};

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
