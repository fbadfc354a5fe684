import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { API_BODY_LIMIT } from "@/lib/http/edge/body-limits";
import { readBodyText } from "@/lib/http/read-body";

class NulInBody extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === "string" && value.includes("\0")) throw new NulInBody();
      return value;
    });
  } catch (err) {
    if (err instanceof NulInBody) throw new AppError("bad_request", "The request body contains a NUL character.");
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}

/** Parses a JSON request body with a zod schema; bad JSON and bad fields are 400s, oversized bodies 413. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return schema.parse(parseJson(await readBodyText(req, API_BODY_LIMIT)));
}

/** Like readJson, but an empty body counts as `{}` (for actions whose fields are all optional). */
export async function readOptionalJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(req, API_BODY_LIMIT);
  return schema.parse(text.trim() ? parseJson(text) : {});
}
