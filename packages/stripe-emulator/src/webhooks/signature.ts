import { createHmac } from "node:crypto";

/** The Stripe-Signature header for a payload, as Stripe computes it: HMAC-SHA256 over `t.payload`. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${v1}`;
}
