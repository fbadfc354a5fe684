// Stripe's search endpoints (/v1/<resource>/search) with the part of its query language an integration uses:
// `field:'value'` (exact), `field~'value'` (contains), `metadata['key']:'value'`, numeric `field>N` (also <, >=, <=,
// on created and amounts), `-` to negate a clause, and clauses joined by AND or by OR (not both, as on Stripe).
import { invalidRequest } from "../http/errors";
import type { Stored } from "../store/store";

type Clause = (o: Record<string, unknown>) => boolean;

const CLAUSE = /^(-)?(metadata\[['"]([^'"]+)['"]\]|[a-z_.]+) ?(:|~|>=|<=|>|<) ?(?:['"](.*)['"]|(-?\d+(?:\.\d+)?))$/;

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
