import Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { mapStripeError } from "./errors";

type RawError = ConstructorParameters<typeof Stripe.errors.StripeError>[0];
const raw = (type: string, statusCode: number, extra: Record<string, unknown> = {}) =>
  ({ type, statusCode, message: "No such price: 'price_secret_123'", ...extra }) as RawError;

describe("Stripe errors in the app's terms", () => {
  it("turns a declined card into 402 card_declined with the decline code", () => {
    const mapped = mapStripeError(
      new Stripe.errors.StripeCardError(raw("card_error", 402, { code: "card_declined", decline_code: "insufficient_funds" })),
    );
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: "card_declined", status: 402, details: { declineCode: "insufficient_funds" } });
  });

  it("never passes Stripe's own message through: a refused request is 502, an outage or rate limit 503", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const refused = mapStripeError(new Stripe.errors.StripeInvalidRequestError(raw("invalid_request_error", 400))) as AppError;
    expect(refused).toMatchObject({ code: "payment_system_error", status: 502 });
    expect(refused.message).not.toContain("price_secret_123");
    expect(mapStripeError(new Stripe.errors.StripeRateLimitError(raw("rate_limit_error", 429)))).toMatchObject({
      code: "payment_system_unavailable",
      status: 503,
    });
    expect(mapStripeError(new Stripe.errors.StripeAPIError(raw("api_error", 500)))).toMatchObject({ code: "payment_system_unavailable" });
  });

  it("leaves other errors alone", () => {
    const err = new Error("boom");
    expect(mapStripeError(err)).toBe(err);
  });
});
