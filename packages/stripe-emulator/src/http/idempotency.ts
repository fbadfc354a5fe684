import { createHash } from "node:crypto";
import type { Tx } from "../store/store";
import { StripeError } from "./errors";

export type SavedResponse = { status: number; body: unknown };
type Record_ = { id: string; object: "emulator.idempotency"; created: number; fingerprint: string; response: SavedResponse };

const recordId = (key: string) => `idem_${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
export const fingerprint = (method: string, path: string, params: unknown) =>
  createHash("sha256")
    .update(`${method} ${path} ${JSON.stringify(params)}`)
    .digest("hex");

/** The saved response for this key, if the same request was made before; a different request with it is refused. */
export function replay(tx: Tx, key: string, print: string): SavedResponse | null {
  const saved = tx.get<Record_>(recordId(key));
  if (!saved) return null;
  if (saved.fingerprint !== print) {
    throw new StripeError(400, {
      type: "idempotency_error",
      code: "idempotency_key_in_use",
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    });
  }
  return saved.response;
}

export function remember(tx: Tx, key: string, print: string, response: SavedResponse, now: number): void {
  tx.put<Record_>({ id: recordId(key), object: "emulator.idempotency", created: now, fingerprint: print, response });
}
