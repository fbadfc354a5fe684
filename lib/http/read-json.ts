import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses a JSON request body with a zod schema; bad JSON and bad fields are 400s. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
  return schema.parse(raw);
}

/** Like readJson, but an empty body counts as `{}` (for actions whose fields are all optional). */
export async function readOptionalJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  if (!text.trim()) return schema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
  return schema.parse(raw);
}
