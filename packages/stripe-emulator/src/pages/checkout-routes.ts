import type Stripe from "stripe";
import { StripeError } from "../http/errors";
import { redirect, sendHtml as html } from "../http/respond";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import { discountAmount } from "../domain/discount-rules";
import type { Price } from "../domain/catalog";
import { cardByNumber, validLuhn } from "../domain/cards";
import { completeCheckout, finishCheckoutAfterAuthentication, type CheckoutSession } from "../domain/checkout";
import { findPromotionCode, type Coupon } from "../domain/discounts";
import { finishAuthentication, type PaymentIntent } from "../domain/payment-intents";
import { createCardPaymentMethod } from "../domain/payment-methods";
import type { EmulatorHost } from "../host/emulator-host";
import type { SiteRequest } from "../host/site-request";
import { challengeOutcome, showChallenge } from "./challenge";
import { checkoutHtml, unavailableHtml, type CheckoutView } from "./checkout";

type Request = Stored & { subscription_data: { trial_period_days?: number; trial_end?: number } | null };
type LineItems = Stored & { items: Stripe.LineItem[] };

const successUrl = (session: CheckoutSession) =>
  (session.success_url ?? session.return_url ?? "/").replace("{CHECKOUT_SESSION_ID}", session.id);

function view(
  emulator: EmulatorHost,
  session: CheckoutSession,
  values: Record<string, string>,
  errors: Record<string, string>,
): CheckoutView {
  const items = emulator.store.get<LineItems>(`cslines_${session.id}`)?.items ?? [];
  const request = emulator.store.get<Request>(`csreq_${session.id}`);
  const sd = request?.subscription_data;
  const now = Math.floor(Date.now() / 1000);
  const trialDays = sd?.trial_period_days ?? (sd?.trial_end ? Math.max(1, Math.round((sd.trial_end - now) / 86_400)) : null);
  const lines = items.map((i) => ({
    description: i.description ?? "Item",
    amount: i.amount_total,
    quantity: i.quantity ?? 1,
    interval: (i.price as Price | null)?.recurring?.interval ?? null,
  }));
  let discount: CheckoutView["discount"] = null;
  if (values.promotion_code && !errors.promotion_code) {
    const promo = emulator.store
      .all<Stored & { code: string; active: boolean; promotion: { coupon: string } }>("promotion_code")
      .find((p) => p.active && p.code.toUpperCase() === values.promotion_code!.toUpperCase());
    const coupon = promo ? emulator.store.get<Coupon>(promo.promotion.coupon) : undefined;
    if (coupon)
      discount = {
        code: promo!.code,
        amount: discountAmount(
          coupon,
          lines.reduce((s, l) => s + l.amount, 0),
        ),
      };
  }
  return { session, lines, trialDays, discount, values, errors };
}

/** Checks the card fields as Stripe's form does, before anything is sent. */
export function cardErrors(values: Record<string, string>, needsEmail: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  const number = (values.card_number ?? "").replace(/\s+/g, "");
  if (!/^\d{12,19}$/.test(number)) errors.card_number = "Your card number is incomplete.";
  else if (!validLuhn(number)) errors.card_number = "Your card number is invalid.";
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(values.card_expiry ?? "");
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 12) errors.card_expiry = "Your card's expiration date is incomplete.";
  else {
    const now = new Date();
    const year = 2000 + Number(m[2]);
    if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && Number(m[1]) < now.getUTCMonth() + 1))
      errors.card_expiry = "Your card's expiration year is in the past.";
  }
  if (!/^\d{3,4}$/.test(values.card_cvc ?? "")) errors.card_cvc = "Your card's security code is incomplete.";
  if (needsEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email ?? "")) errors.email = "Enter a valid email address.";
  return errors;
}

/** GET shows the page; POST applies a promotion code or pays; /3ds answers the challenge. */
export async function hostedCheckout({ emulator, req, res, url, body }: SiteRequest, id: string, challenge: boolean): Promise<void> {
  const session = emulator.store.get<CheckoutSession>(id);
  if (!session || session.object !== "checkout.session") return html(res, 404, unavailableHtml());
  const open = session.status === "open" && session.expires_at > Math.floor(Date.now() / 1000);

  if (challenge) {
    const intentId = url.searchParams.get("intent") ?? "";
    const intent = emulator.store.get<PaymentIntent>(intentId);
    if (!intent || intent.status !== "requires_action") return redirect(res, `/checkout/${id}`);
    if (req.method === "GET") return showChallenge(res, intent, `/checkout/${id}/3ds?intent=${intent.id}`);
    const outcome = challengeOutcome(body);
    await emulator.internal((ctx) => finishCheckoutAfterAuthentication(ctx, finishAuthentication(ctx, intent.id, outcome)));
    const after = emulator.store.get<CheckoutSession>(id)!;
    if (after.status === "complete") return redirect(res, successUrl(after));
    return html(
      res,
      402,
      checkoutHtml(
        view(
          emulator,
          after,
          {},
          { card: "We are unable to authenticate your payment method. Please choose a different payment method and try again." },
        ),
      ),
    );
  }
  if (!open) return html(res, 410, unavailableHtml());
  if (req.method === "GET") return html(res, 200, checkoutHtml(view(emulator, session, { email: session.customer_email ?? "" }, {})));

  const values = Object.fromEntries(new URLSearchParams(body)) as Record<string, string>;
  if (session.customer_email) values.email = session.customer_email;
  if (values.promotion_code) {
    const promo = await emulator.internal((ctx) => findPromotionCode(ctx.tx, values.promotion_code!, ctx.now));
    if (!promo) return html(res, 400, checkoutHtml(view(emulator, session, values, { promotion_code: "This code is invalid." })));
  }
  if (values.intent === "apply") return html(res, 200, checkoutHtml(view(emulator, session, values, {})));

  const errors = cardErrors(values, !session.customer);
  if (Object.keys(errors).length > 0) return html(res, 400, checkoutHtml(view(emulator, session, values, errors)));
  const [month, year] = values.card_expiry!.split("/").map((p) => Number(p.trim()));
  try {
    const result = await emulator.internal((ctx: ApiContext) => {
      const pm = createCardPaymentMethod(ctx, cardByNumber(values.card_number!), {
        expMonth: month,
        expYear: 2000 + year!,
        name: values.name || null,
        email: values.email || null,
        postalCode: values.postal_code || null,
      });
      return completeCheckout(ctx, id, {
        paymentMethod: pm.id,
        email: values.email,
        name: values.name,
        promotionCode: values.promotion_code || undefined,
      });
    });
    if (result.status === "complete") return redirect(res, successUrl(result));
    return redirect(res, `/checkout/${id}/3ds?intent=${result.payment_intent as string}`);
  } catch (err) {
    if (!(err instanceof StripeError)) throw err;
    return html(
      res,
      err.status,
      checkoutHtml(view(emulator, session, { ...values, card_number: "", card_cvc: "" }, { card: err.body.message })),
    );
  }
}
