// Stripe's search endpoints (/v1/<resource>/search) with the part of its query language an integration uses:
// `field:'value'` (exact), `field~'value'` (contains), `metadata['key']:'value'`, numeric `field>N` (also <, >=, <=,
// on created and amounts), `-` to negate a clause, and clauses joined by AND or by OR (not both, as on Stripe).
import { int, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import type { Stored } from "../store/store";
import { searchPredicate } from "../domain/search";

/** Longer queries are refused rather than parsed (an integration's queries are a few clauses). */
const MAX_QUERY_LENGTH = 10_000;

/** The search resources the emulator implements: path segment → stored object type. */
const SEARCHABLE = {
  customers: "customer",
  subscriptions: "subscription",
  invoices: "invoice",
  payment_intents: "payment_intent",
  charges: "charge",
  prices: "price",
  products: "product",
} as const;

export function registerSearch(router: Router): void {
  for (const [segment, type] of Object.entries(SEARCHABLE)) {
    const url = `/v1/${segment}/search`;
    router.add("GET", url, ({ tx, params }) => {
      const p = parseParams(obj({ query: str().max(MAX_QUERY_LENGTH), limit: int().optional(), page: str().optional() }), params);
      const limit = Math.min(Math.max(p.limit ?? 10, 1), 100);
      const matches = tx
        .all<Stored & { created?: number }>(type, searchPredicate(p.query))
        .sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || (a.id < b.id ? 1 : -1));
      const offset = p.page ? Number(Buffer.from(p.page, "base64url").toString()) || 0 : 0;
      const data = matches.slice(offset, offset + limit);
      const more = matches.length > offset + data.length;
      return {
        object: "search_result",
        data,
        has_more: more,
        next_page: more ? Buffer.from(String(offset + data.length)).toString("base64url") : null,
        url,
      };
    });
  }
}
