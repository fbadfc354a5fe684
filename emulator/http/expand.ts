import { invalidRequest } from "./errors";

type Lookup = (id: string) => Record<string, unknown> | undefined;

/** Replaces ids with the objects they name along each `a.b.c` path, as Stripe's `expand[]` does. */
export function expand<T>(value: T, paths: string[], lookup: Lookup): T {
  let out = value;
  for (const path of paths) out = expandPath(out, path.split("."), lookup, path) as T;
  return out;
}

function expandPath(value: unknown, segments: string[], lookup: Lookup, full: string): unknown {
  if (segments.length === 0 || value === null || typeof value !== "object") return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(value)) return value.map((v) => expandPath(v, segments, lookup, full));
  const record = { ...(value as Record<string, unknown>) };
  if (!(head in record)) throw invalidRequest(`This property cannot be expanded (${full}).`, { param: "expand" });
  let child = record[head];
  if (typeof child === "string" && rest.length >= 0 && head !== "data") {
    const found = lookup(child);
    if (found) child = structuredClone(found);
  }
  record[head] = expandPath(child, rest, lookup, full);
  return record;
}
