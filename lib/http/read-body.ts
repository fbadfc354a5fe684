import type { IncomingMessage } from "node:http";
import { AppError } from "@/lib/errors";

const tooLarge = (limit: number) => new AppError("payload_too_large", `The request body is over ${Math.round(limit / 1024)} KB.`);

/**
 * Reads a request body as text, refusing (413) once it passes `limit` bytes, before the rest is read:
 * a declared Content-Length over the limit is refused unread, and a chunked body is counted as it streams.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** readBodyText for Node's request, where the web process's edge reads a body itself. */
export async function readIncomingText(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
