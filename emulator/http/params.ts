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
export const metadata = () => z.union([z.literal(""), z.record(z.string(), z.string())]);
/** An id or "" (Stripe's way to unset a field). */
export const emptyable = <T extends ZodType>(schema: T) => z.union([z.literal(""), schema]);
export const list = <T extends ZodType>(item: T) => z.union([z.array(item), z.record(z.string(), item).transform((o) => Object.values(o))]);
export const obj = z.strictObject;

/** Stripe writes nested parameter names with brackets: items[0][price]. */
export function paramName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join("");
}

/** Validates parameters, answering as Stripe does: unknown, missing or invalid, naming the parameter. */
export function parseParams<S extends ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") throw parameterUnknown(paramName([...issue.path, issue.keys[0]!]));
  const name = paramName(issue.path);
  if (issue.code === "invalid_type" && issue.input === undefined) throw parameterMissing(name);
  if (issue.code === "invalid_union" && issue.input === undefined) throw parameterMissing(name);
  throw invalidRequest(`Invalid value for ${name}: ${issue.message}`, { param: name, code: "parameter_invalid" });
}
