import type http from "node:http";
import type Stripe from "stripe";
import { StripeError } from "../http/errors";
import { redirect, sendHtml as html } from "../http/respond";
import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";
import type { Invoice } from "../domain/invoice-lifecycle";
import type { Subscription } from "../domain/subscription-lifecycle";
import type { Price, Product } from "../domain/catalog";
import { cardByNumber } from "../domain/cards";
import type { Customer } from "../domain/customers";
import { previewInvoice } from "../domain/invoices";
import { attachPaymentMethod, createCardPaymentMethod, type PaymentMethod } from "../domain/payment-methods";
import { cancelSubscription, updateSubscription } from "../domain/subscriptions";
import type { EmulatorHost } from "../host/emulator-host";
import type { SiteRequest } from "../host/site-request";
import { cardErrors } from "./checkout-routes";
import { unavailableHtml } from "./checkout";
import { cancelHtml, confirmPlanHtml, paymentMethodHtml, plansHtml, portalHtml, type PortalView } from "./portal";

type Session = Stripe.BillingPortal.Session & Stored;
type Config = Stripe.BillingPortal.Configuration & Stored;

function back(res: http.ServerResponse, session: string, notice: string): void {
  redirect(res, `/portal/${session}?notice=${encodeURIComponent(notice)}`);
}

function load(emulator: EmulatorHost, session: Session, notice: string | null, error: string | null): PortalView {
  const { store } = emulator;
  const config = store.get<Config>(session.configuration as string)!;
  const customer = store.get<Customer>(session.customer as string)!;
  const productName = (price: Stripe.Price) => store.get<Product>(price.product as string)?.name ?? price.nickname ?? price.id;
  const subscriptions = store
    .all<Subscription>("subscription")
    .filter((s) => s.customer === customer.id && !["canceled", "incomplete_expired"].includes(s.status))
    .map((sub) => ({ sub, productName: productName(sub.items.data[0]!.price) }));
  // As Stripe's portal does: the customer's default card, else the one a subscription is paid with (Checkout sets the
  // subscription's, not the customer's), else the newest card attached to the customer.
  const attached = store
    .all<PaymentMethod>("payment_method")
    .filter((pm) => pm.customer === customer.id && pm.card)
    .sort((a, b) => b.created - a.created);
  const pmId =
    (customer.invoice_settings.default_payment_method as string | null) ??
    subscriptions.map(({ sub }) => sub.default_payment_method).find((pm): pm is string => typeof pm === "string") ??
    attached[0]?.id ??
    null;
  const card = pmId ? (store.get<PaymentMethod>(pmId)?.card ?? null) : null;
  const invoices = store
    .all<Invoice>("invoice")
    .filter((i) => i.customer === customer.id && i.status !== "draft")
    .slice(0, 24);
  const plans = (config.features.subscription_update.products ?? []).flatMap((p) =>
    p.prices
      .map((id) => store.get<Price>(id))
      .filter((pr): pr is Price => Boolean(pr?.active))
      .map((price) => ({ price, productName: productName(price) })),
  );
  return { session, config, customer, subscriptions, card, invoices, plans, notice, error };
}

/** The hosted Customer Portal: the same subscription logic as the API, through forms. */
export async function hostedPortal({ emulator, req, res, url, body }: SiteRequest, id: string, page: string): Promise<void> {
  const session = emulator.store.get<Session>(id);
  if (!session || session.object !== "billing_portal.session") return html(res, 404, unavailableHtml());
  const form = new URLSearchParams(body);
  const subId = form.get("subscription") ?? url.searchParams.get("subscription") ?? "";
  const view = load(emulator, session, url.searchParams.get("notice"), null);
  const owned = view.subscriptions.find((s) => s.sub.id === subId)?.sub as Subscription | undefined;
  const features = view.config.features;

  if (page === "" && req.method === "GET") return html(res, 200, portalHtml(view));
  if (page === "/cancel" && owned && features.subscription_cancel.enabled) {
    if (req.method === "GET") return html(res, 200, cancelHtml(view, owned));
    const reason = form.get("reason") || null;
    await emulator.internal((ctx) => {
      if (features.subscription_cancel.mode === "immediately")
        return cancelSubscription(ctx, owned, ctx.now, { feedback: reason, reason: "cancellation_requested" });
      return updateSubscription(ctx, owned.id, { cancel_at_period_end: true, cancellation_details: { feedback: reason ?? undefined } });
    });
    return back(
      res,
      id,
      features.subscription_cancel.mode === "immediately"
        ? "Your plan was canceled."
        : "Your plan will be canceled at the end of the billing period.",
    );
  }
  if (page === "/renew" && owned && req.method === "POST") {
    await emulator.internal((ctx) => updateSubscription(ctx, owned.id, { cancel_at_period_end: false }));
    return back(res, id, "Your plan will renew.");
  }
  if (page === "/plans" && owned && features.subscription_update.enabled) {
    const priceId = form.get("price") ?? url.searchParams.get("price");
    const target = view.plans.find((p) => p.price.id === priceId);
    if (!target) return html(res, 200, plansHtml(view, owned));
    const item = owned.items.data[0]!;
    const proration = features.subscription_update.proration_behavior as "create_prorations" | "none" | "always_invoice";
    if (req.method === "GET") {
      const preview = await emulator.internal((ctx: ApiContext) =>
        previewInvoice({
          ...ctx,
          params: {
            subscription: owned.id,
            subscription_details: { items: [{ id: item.id, price: target.price.id }], proration_behavior: proration },
          },
        }),
      );
      return html(res, 200, confirmPlanHtml(view, owned, target.price, target.productName, preview));
    }
    await emulator.internal((ctx) =>
      updateSubscription(ctx, owned.id, { items: [{ id: item.id, price: target.price.id }], proration_behavior: proration }),
    );
    return back(res, id, `You are now on ${target.productName}.`);
  }
  if (page === "/payment-method" && features.payment_method_update.enabled) {
    if (req.method === "GET") return html(res, 200, paymentMethodHtml(view, null));
    const values = Object.fromEntries(form) as Record<string, string>;
    const problems = Object.values(cardErrors(values, false));
    if (problems.length > 0) return html(res, 400, paymentMethodHtml(view, problems[0]!));
    const [month, year] = values.card_expiry!.split("/").map((p) => Number(p.trim()));
    try {
      await emulator.internal((ctx) => {
        const pm = createCardPaymentMethod(ctx, cardByNumber(values.card_number!), {
          expMonth: month,
          expYear: 2000 + year!,
          name: values.name || null,
        });
        attachPaymentMethod(ctx, pm.id, view.customer.id);
        updateCustomerDefault(ctx, view.customer.id, pm.id);
      });
    } catch (err) {
      if (err instanceof StripeError) return html(res, err.status, paymentMethodHtml(view, err.body.message));
      throw err;
    }
    return back(res, id, "Your payment method was updated.");
  }
  return html(res, 404, portalHtml({ ...view, error: "That action is not available here." }));
}

/** The new card becomes the customer's default and every live subscription's. */
function updateCustomerDefault(ctx: ApiContext, customerId: string, pmId: string): void {
  const customer = ctx.tx.get<Customer>(customerId)!;
  const updated = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: pmId } };
  ctx.tx.put(updated);
  ctx.emit("customer.updated", updated, { invoice_settings: customer.invoice_settings });
  for (const sub of ctx.tx.all<Subscription>("subscription")) {
    if (sub.customer !== customerId || ["canceled", "incomplete_expired"].includes(sub.status) || !sub.default_payment_method) continue;
    updateSubscription(ctx, sub.id, { default_payment_method: pmId });
  }
}
