import type Stripe from "stripe";
import { esc, hostedPage, href, money } from "./layout";

export type PortalView = {
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
  subscriptions: { sub: Stripe.Subscription & { id: string; object: string; [key: string]: unknown }; productName: string }[];
  card: Stripe.PaymentMethod.Card | null;
  invoices: Stripe.Invoice[];
  plans: { price: Stripe.Price; productName: string }[];
  notice: string | null;
  error: string | null;
};

const date = (ts: number | null | undefined) =>
  ts ? new Date(ts * 1000).toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }) : "—";

function shell(v: Pick<PortalView, "session" | "customer">, content: string): string {
  return hostedPage(
    "Tollgate · Billing",
    `<div class="split"><section class="summary"><div class="merchant">Tollgate <span class="badge">TEST MODE</span></div>
<h2 style="margin:0">Billing</h2><p class="muted">${esc(v.customer.email ?? v.customer.name ?? v.customer.id)}</p>
${v.session.return_url ? `<p><a class="back" href="${href(v.session.return_url)}">← Return to Tollgate</a></p>` : ""}</section><section class="pay" style="max-width:640px">${content}</section></div>`,
  );
}

export function portalHtml(v: PortalView): string {
  const f = v.config.features;
  const base = `/portal/${esc(v.session.id)}`;
  const subs =
    v.subscriptions
      .map(({ sub, productName }) => {
        const item = sub.items.data[0]!;
        const cancelling = sub.cancel_at_period_end || sub.cancel_at !== null;
        // With one subscription it is "your plan", as on Stripe; with several, each goes by its product's name.
        const whose = v.subscriptions.length > 1 ? esc(productName) : "Your plan";
        return `<div class="line" style="display:block"><h3 style="margin:0 0 4px">${esc(productName)}</h3>
<div class="muted">${money(item.price.unit_amount ?? 0, item.price.currency)} per ${esc(item.price.recurring?.interval)} · ${esc(sub.status)}</div>
<p>${cancelling ? `${whose} will be canceled on <strong>${date(sub.cancel_at ?? item.current_period_end)}</strong>.` : sub.status === "trialing" ? `Your trial ends on <strong>${date(sub.trial_end)}</strong>.` : `${whose} renews on <strong>${date(item.current_period_end)}</strong>.`}</p>
<div style="display:flex;gap:8px;flex-wrap:wrap">
${f.subscription_update.enabled && v.plans.length ? `<a class="linkbtn" href="${base}/plans?subscription=${esc(sub.id)}">Update plan</a>` : ""}
${
  cancelling
    ? `<form method="post" action="${base}/renew"><input type="hidden" name="subscription" value="${esc(sub.id)}"><button class="secondary">Renew plan</button></form>`
    : f.subscription_cancel.enabled
      ? `<a class="linkbtn" href="${base}/cancel?subscription=${esc(sub.id)}">Cancel plan</a>`
      : ""
}
</div></div>`;
      })
      .join("") || `<p class="muted">No active subscription.</p>`;
  const card = v.card
    ? `${esc(v.card.brand.toUpperCase())} •••• ${esc(v.card.last4)} · Expires ${String(v.card.exp_month).padStart(2, "0")}/${v.card.exp_year}`
    : "No payment method on file";
  const invoices =
    v.invoices
      .map(
        (i) =>
          `<div class="line"><span>${date(i.created)} · ${money(i.amount_due, i.currency)} · ${esc(i.status)}</span><span><a href="${href(i.hosted_invoice_url)}">View</a> · <a href="${href(i.invoice_pdf)}">PDF</a></span></div>`,
      )
      .join("") || `<p class="muted">No invoices yet.</p>`;
  return shell(
    v,
    `${v.notice ? `<p class="ok" role="status">${esc(v.notice)}</p>` : ""}${v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : ""}
<h2>${v.subscriptions.length > 1 ? "Subscriptions" : "Current plan"}</h2>${subs}
${f.payment_method_update.enabled ? `<h2>Payment method</h2><p>${card}</p><a class="linkbtn" href="${base}/payment-method">Update payment method</a>` : ""}
${f.invoice_history.enabled ? `<h2>Invoice history</h2>${invoices}` : ""}`,
  );
}

export function cancelHtml(v: PortalView, sub: Stripe.Subscription): string {
  const reasons = v.config.features.subscription_cancel.cancellation_reason;
  const options =
    reasons.enabled && reasons.options.length
      ? reasons.options
      : ["too_expensive", "missing_features", "switched_service", "unused", "other"];
  const end = sub.items.data[0]!.current_period_end;
  return shell(
    v,
    `<h2>Cancel your plan</h2><p>Your plan stays active until <strong>${date(end)}</strong>; after that you will not be charged.</p>
<form method="post"><input type="hidden" name="subscription" value="${esc(sub.id)}"><label for="reason">Why are you canceling? (optional)</label>
<select id="reason" name="reason" style="width:100%;padding:10px;border-radius:6px;border:1px solid #d5dbe1"><option value="">Choose a reason</option>${options.map((o) => `<option value="${esc(o)}">${esc(o.replace(/_/g, " "))}</option>`).join("")}</select>
<button>Cancel plan</button></form><p><a class="back" href="/portal/${esc(v.session.id)}">Go back</a></p>`,
  );
}

export function plansHtml(v: PortalView, sub: Stripe.Subscription): string {
  const current = sub.items.data[0]!.price.id;
  return shell(
    v,
    `<h2>Update your plan</h2>${v.plans
      .map(
        ({
          price,
          productName,
        }) => `<div class="line"><span><strong>${esc(productName)}</strong><br><span class="muted">${money(price.unit_amount ?? 0, price.currency)} per ${esc(price.recurring?.interval)}</span></span>
<span>${price.id === current ? `<span class="muted">Current plan</span>` : `<a class="linkbtn" href="/portal/${esc(v.session.id)}/plans?subscription=${esc(sub.id)}&price=${esc(price.id)}">Select ${esc(productName)}</a>`}</span></div>`,
      )
      .join("")}
<p><a class="back" href="/portal/${esc(v.session.id)}">Go back</a></p>`,
  );
}

export function confirmPlanHtml(
  v: PortalView,
  sub: Stripe.Subscription,
  price: Stripe.Price,
  productName: string,
  preview: Stripe.Invoice,
): string {
  return shell(
    v,
    `<h2>Confirm your new plan</h2><p><strong>${esc(productName)}</strong> · ${money(price.unit_amount ?? 0, price.currency)} per ${esc(price.recurring?.interval)}</p>
<div>${preview.lines.data.map((l) => `<div class="line"><span>${esc(l.description)}</span><span>${money(l.amount, preview.currency)}</span></div>`).join("")}
<div class="line"><strong>${preview.billing_reason === "subscription_update" ? "Due today" : "Next invoice"}</strong><strong>${money(preview.amount_due, preview.currency)}</strong></div></div>
<form method="post"><input type="hidden" name="subscription" value="${esc(sub.id)}"><input type="hidden" name="price" value="${esc(price.id)}"><button>Confirm</button></form>
<p><a class="back" href="/portal/${esc(v.session.id)}">Go back</a></p>`,
  );
}

export function paymentMethodHtml(v: PortalView, error: string | null): string {
  return shell(
    v,
    `<h2>Update payment method</h2>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}<form method="post" novalidate>
<label for="card_number">Card information</label><div class="stack"><input class="top" id="card_number" name="card_number" placeholder="1234 1234 1234 1234" aria-label="Card number">
<div class="row"><input name="card_expiry" placeholder="MM / YY" aria-label="Expiration"><input name="card_cvc" placeholder="CVC" aria-label="CVC"></div></div>
<label for="name">Name on card</label><input id="name" name="name"><button>Save card</button></form><p><a class="back" href="/portal/${esc(v.session.id)}">Go back</a></p>`,
  );
}
