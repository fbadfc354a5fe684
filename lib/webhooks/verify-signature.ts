import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";

/** Stripe's tolerance for a signature's timestamp; we apply it both ways, so future-dated events fail too. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies `Stripe-Signature` over the raw body and returns the event. The SDK only rejects
 * old timestamps, so timestamps further ahead than the tolerance are refused here.
 */
export function verifyStripeSignature(rawBody: string, header: string | null, secret: string, nowMs = Date.now()): Stripe.Event {
  if (!header) throw new AppError("invalid_signature", "Missing Stripe-Signature header.");
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowMs);
  } catch {
    throw new AppError("invalid_signature", "The Stripe-Signature header does not match this body, or it is too old.");
  }
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
  if (timestamp - Math.floor(nowMs / 1000) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new AppError("invalid_signature", "The Stripe-Signature timestamp is in the future.");
  }
  if (typeof event?.id !== "string" || typeof event.type !== "string" || !event.data?.object) {
    throw new AppError("bad_request", "The body is not a Stripe event.");
  }
  return event;
}
