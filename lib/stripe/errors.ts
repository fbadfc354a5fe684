import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * Stripe's errors in the app's terms. A declined card is the user's to fix; anything
 * else is ours or Stripe's, so its text (which may name ids and parameters) stays in the log.
 */
export function mapStripeError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  if (err instanceof Stripe.errors.StripeCardError) {
    return new AppError("card_declined", "The card was declined.", { declineCode: err.decline_code ?? err.code ?? null });
  }
  log().error(
    { stripeType: err.type, status: err.statusCode ?? null, stripeRequest: err.requestId ?? null },
    `Stripe error: ${err.message}`,
  );
  if (
    err instanceof Stripe.errors.StripeConnectionError ||
    err instanceof Stripe.errors.StripeRateLimitError ||
    (err.statusCode ?? 0) >= 500
  ) {
    return new AppError("payment_system_unavailable", "The payment system is not answering; please try again shortly.");
  }
  return new AppError("payment_system_error", "The payment system refused the request.");
}
