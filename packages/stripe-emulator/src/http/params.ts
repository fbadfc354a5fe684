import { AsyncLocalStorage } from "node:async_hooks";
import { z, type ZodType } from "zod";
import { invalidRequest, parameterMissing, parameterUnknown } from "./errors";

// Form-encoded values arrive as strings; the SDK's JSON-ish values (numbers, booleans) are accepted too.
export const int = () =>
  z.union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ]);
export const bool = () => z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
export const str = () => z.string();
// The ISO 4217 codes this Node knows; Stripe takes a subset of them, always lowercase, and refuses anything else.
const CURRENCIES = new Set(Intl.supportedValuesOf("currency").map((c) => c.toLowerCase()));
/** A three-letter currency code, lowercased as Stripe stores it; anything else is refused before it is stored or shown. */
export const currency = () =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v) => CURRENCIES.has(v), { message: "Invalid currency. Use a three-letter ISO code Stripe supports, such as usd." });
/** A URL the customer is sent to: http(s) only, as Stripe requires (a javascript: or data: URL is refused). */
export const webUrl = () =>
  z
    .string()
    .max(5000)
    .refine((v) => URL.canParse(v) && ["http:", "https:"].includes(new URL(v).protocol), { message: "Not a valid URL" });
export const metadata = () => z.union([z.literal(""), z.record(z.string(), z.string())]);
/** An id or "" (Stripe's way to unset a field). */
export const emptyable = <T extends ZodType>(schema: T) => z.union([z.literal(""), schema]);
export const list = <T extends ZodType>(item: T) => z.union([z.array(item), z.record(z.string(), item).transform((o) => Object.values(o))]);
export const obj = z.strictObject;

/** Stripe writes nested parameter names with brackets: items[0][price]. */
export function paramName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join("");
}

const reading = new AsyncLocalStorage<{ read: boolean }>();

/** Runs a handler, saying whether it read its parameters: one that never does must not be sent any. */
export async function readingParams<T>(work: () => T | Promise<T>): Promise<{ result: T; read: boolean }> {
  const scope = { read: false };
  const result = await reading.run(scope, work);
  return { result, read: scope.read };
}

/** Validates parameters, answering as Stripe does: unknown, missing or invalid, naming the parameter. */
export function parseParams<S extends ZodType>(schema: S, raw: unknown): z.infer<S> {
  const scope = reading.getStore();
  if (scope) scope.read = true;
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") throw parameterUnknown(paramName([...issue.path, issue.keys[0]!]));
  const name = paramName(issue.path);
  if (issue.code === "invalid_type" && issue.input === undefined) throw parameterMissing(name);
  if (issue.code === "invalid_union" && issue.input === undefined) throw parameterMissing(name);
  throw invalidRequest(`Invalid value for ${name}: ${issue.message}`, { param: name, code: "parameter_invalid" });
}
