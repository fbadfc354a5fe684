import { invalidRequest } from "./errors";

type Lookup = (id: string) => Record<string, unknown> | undefined;
/** Fields an object has only when asked for (Stripe's "includable" ones: an invoice's payments, a charge's refunds). */
export type Includable = (object: Record<string, unknown>, field: string) => unknown;

/** Replaces ids with the objects they name along each `a.b.c` path, as Stripe's `expand[]` does. */
export function expand<T>(value: T, paths: string[], lookup: Lookup, includable: Includable = () => undefined): T {
  let out = value;
  for (const path of paths) out = expandPath(out, path.split("."), lookup, includable, path) as T;
  return out;
}

function expandPath(value: unknown, segments: string[], lookup: Lookup, includable: Includable, full: string): unknown {
  if (segments.length === 0 || value === null || typeof value !== "object") return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(value)) return value.map((v) => expandPath(v, segments, lookup, includable, full));
  const record = { ...(value as Record<string, unknown>) };
  if (!(head in record)) {
    const included = includable(record, head);
    if (included === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
    record[head] = included;
  }
  const resolve = (v: unknown) => {
    const found = typeof v === "string" ? lookup(v) : undefined;
    return found ? structuredClone(found) : v;
  };
  // An array of ids (a subscription's `discounts`) expands element by element; list objects' `data` is already objects.
  const child =
    head === "data" ? record[head] : Array.isArray(record[head]) ? (record[head] as unknown[]).map(resolve) : resolve(record[head]);
  record[head] = expandPath(child, rest, lookup, includable, full);
  return record;
}
