import { AppError } from "@/lib/errors";

/**
 * Reads a request body as text, refusing (413) once it passes `limit` bytes, before the rest is read:
 * a declared Content-Length over the limit is refused unread, and a chunked body is counted as it streams.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is over ${Math.round(limit / 1024)} KB.`);
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge();
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
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
