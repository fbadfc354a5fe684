// Stripe's search endpoints (/v1/<resource>/search) with the part of its query language an integration uses:
// `field:'value'` (exact), `field~'value'` (contains), `metadata['key']:'value'`, numeric `field>N` (also <, >=, <=,
// on created and amounts), `-` to negate a clause, and clauses joined by AND or by OR (not both, as on Stripe).
import { invalidRequest } from "../http/errors";
import { int, obj, parseParams, str } from "../http/params";
import type { Router } from "../http/router";
import type { Stored } from "../store/store";

type Clause = (o: Record<string, unknown>) => boolean;

const CLAUSE = /^(-)?(metadata\[['"]([^'"]+)['"]\]|[a-z_.]+) ?(:|~|>=|<=|>|<) ?(?:['"](.*)['"]|(-?\d+(?:\.\d+)?))$/;
/** Longer queries are refused rather than parsed (an integration's queries are a few clauses). */
const MAX_QUERY_LENGTH = 10_000;

function clauseOf(text: string): Clause {
  const m = CLAUSE.exec(text);
  if (!m) throw invalidRequest(`Invalid search query: ${text.trim()}`, { param: "query" });
  const [, negate, field, metaKey, op, quoted, number] = m;
  const read = (o: Record<string, unknown>) =>
    metaKey
      ? (o.metadata as Record<string, string> | undefined)?.[metaKey]
      : field!.split(".").reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), o);
  const test: Clause = (o) => {
    const actual = read(o);
    if (op === ":" || op === "~") {
      const wanted = quoted ?? number ?? "";
      const text = actual === null || actual === undefined ? "" : String(actual);
      return op === ":" ? text.toLowerCase() === wanted.toLowerCase() : text.toLowerCase().includes(wanted.toLowerCase());
    }
    const bound = Number(number ?? quoted);
    if (typeof actual !== "number" || Number.isNaN(bound)) return false;
    return op === ">" ? actual > bound : op === "<" ? actual < bound : op === ">=" ? actual >= bound : actual <= bound;
  };
  return negate ? (o) => !test(o) : test;
}

/** The predicate of a search query. */
export function searchPredicate(raw: string): (o: Stored) => boolean {
  // Runs of white space folded first, in one linear pass: the splits below then never backtrack over a long run.
  const query = raw.replace(/\s+/g, " ").trim();
  const hasAnd = / AND /i.test(query);
  const hasOr = / OR /i.test(query);
  if (hasAnd && hasOr) throw invalidRequest("A search query cannot mix AND and OR.", { param: "query" });
  const clauses = query.split(hasOr ? / OR /i : / AND /i).map(clauseOf);
  return (o) => {
    if ((o as { deleted?: boolean }).deleted) return false;
    const record = o as unknown as Record<string, unknown>;
    return hasOr ? clauses.some((c) => c(record)) : clauses.every((c) => c(record));
  };
}

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
