import type Stripe from "stripe";
import { esc, hostedPage, href, money } from "./layout";

type Line = { description: string; amount: number; quantity: number; interval: string | null };
export type CheckoutView = {
  session: Stripe.Checkout.Session;
  lines: Line[];
  trialDays: number | null;
  discount: { code: string; amount: number } | null;
  values: Record<string, string>;
  errors: Record<string, string>;
};

const interval = (i: string | null) => (i ? `/${i}` : "");

/** The hosted Checkout page: what is bought, then email, card and the pay button. */
export function checkoutHtml(v: CheckoutView): string {
  const { session } = v;
  const currency = session.currency ?? "usd";
  const subtotal = v.lines.reduce((s, l) => s + l.amount, 0);
  const recurring = v.lines.find((l) => l.interval)?.interval ?? null;
  const afterDiscount = subtotal - (v.discount?.amount ?? 0);
  const headline = v.trialDays
    ? `<div class="trial">${v.trialDays} days free</div><div class="muted">Then ${money(afterDiscount, currency)}${interval(recurring)}</div>`
    : `<div class="amount">${money(afterDiscount, currency)}</div>${recurring ? `<div class="muted">per ${recurring}</div>` : ""}`;
  const action =
    session.mode === "setup" ? "Save card" : v.trialDays ? "Start trial" : session.mode === "subscription" ? "Subscribe" : "Pay";
  const field = (name: string, label: string, attrs = "") =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${esc(v.values[name])}" ${attrs}>${v.errors[name] ? `<div class="error" role="alert">${esc(v.errors[name])}</div>` : ""}`;
  return hostedPage(
    `Tollgate · Checkout`,
    `<div class="split">
<section class="summary">
  ${session.cancel_url ? `<a class="back" href="${href(session.cancel_url)}">← Back</a>` : ""}
  <div class="merchant">Tollgate <span class="badge">TEST MODE</span></div>
  ${headline}
  <div style="margin-top:32px">${v.lines.map((l) => `<div class="line"><span>${esc(l.description)}${l.quantity > 1 ? ` × ${l.quantity}` : ""}</span><span>${money(l.amount, currency)}${interval(l.interval)}</span></div>`).join("")}
  ${v.discount ? `<div class="line"><span>Promotion <strong>${esc(v.discount.code)}</strong></span><span>-${money(v.discount.amount, currency)}</span></div>` : ""}
  <div class="line"><strong>${v.trialDays ? "Total due today" : "Total"}</strong><strong>${money(v.trialDays ? 0 : afterDiscount, currency)}</strong></div></div>
</section>
<section class="pay"><form method="post" action="/checkout/${esc(session.id)}" novalidate>
  ${v.errors._ ? `<div class="error" role="alert">${esc(v.errors._)}</div>` : ""}
  ${field("email", "Email", 'type="email" autocomplete="email"')}
  <label for="card_number">Card information</label>
  <div class="stack"><input class="top" id="card_number" name="card_number" placeholder="1234 1234 1234 1234" inputmode="numeric" autocomplete="cc-number" value="${esc(v.values.card_number)}" aria-label="Card number">
  <div class="row"><input name="card_expiry" placeholder="MM / YY" autocomplete="cc-exp" value="${esc(v.values.card_expiry)}" aria-label="Expiration"><input name="card_cvc" placeholder="CVC" inputmode="numeric" autocomplete="cc-csc" value="${esc(v.values.card_cvc)}" aria-label="CVC"></div></div>
  ${["card_number", "card_expiry", "card_cvc", "card"].map((k) => (v.errors[k] ? `<div class="error" role="alert">${esc(v.errors[k])}</div>` : "")).join("")}
  ${field("name", "Name on card", 'autocomplete="cc-name"')}
  ${field("postal_code", "ZIP / Postal code", 'autocomplete="postal-code"')}
  ${
    session.allow_promotion_codes
      ? `<label for="promotion_code">Promotion code</label><div class="promo"><input id="promotion_code" name="promotion_code" value="${esc(v.values.promotion_code)}"><button class="secondary" name="intent" value="apply">Apply</button></div>
  ${v.errors.promotion_code ? `<div class="error" role="alert">${esc(v.errors.promotion_code)}</div>` : v.discount ? `<div class="ok">${esc(v.discount.code)} applied</div>` : ""}`
      : ""
  }
  <button name="intent" value="pay">${action}</button>
</form></section></div>`,
  );
}

export function unavailableHtml(): string {
  return hostedPage(
    "Tollgate · Checkout",
    `<div class="center"><h1>This page is no longer available</h1><p class="muted">The checkout session has expired or was already completed. Return to the site you came from to start again.</p></div>`,
  );
}

/** The 3-D Secure challenge, as a bank's page would ask for it. */
export function challengeHtml(title: string, amount: string, action: string): string {
  return hostedPage(
    "3D Secure",
    `<div class="center"><div class="merchant">Your bank · 3D Secure</div><h1>${esc(title)}</h1><p class="muted">Confirm a payment of ${esc(amount)} to Tollgate. This is a test authentication page.</p>
<form method="post" action="${esc(action)}"><button name="outcome" value="complete">Complete</button><button class="secondary" style="width:100%;margin-top:12px" name="outcome" value="fail">Fail</button></form></div>`,
  );
}
