import { StripeError } from "../http/errors";
import { sendHtml as html } from "../http/respond";
import { attemptInvoicePayment } from "../domain/invoice-collection";
import type { Invoice } from "../domain/invoice-lifecycle";
import { nowFor } from "../domain/time";
import { cardByNumber } from "../domain/cards";
import { finishAuthentication, type PaymentIntent } from "../domain/payment-intents";
import { attachPaymentMethod, createCardPaymentMethod } from "../domain/payment-methods";
import type { SiteRequest } from "../host/site-request";
import { cardErrors } from "./checkout-routes";
import { challengeOutcome, showChallenge } from "./challenge";
import { invoiceHtml, invoicePdf } from "./invoice";

/** The hosted invoice page, its PDF, and paying an open invoice with a card (with 3-D Secure when the card asks). */
export async function hostedInvoice({ emulator, req, res, url, body }: SiteRequest, id: string, page: string): Promise<void> {
  const invoice = emulator.store.get<Invoice>(id);
  if (!invoice || invoice.object !== "invoice" || invoice.status === "draft")
    return html(res, 404, "<h1>This invoice is not available.</h1>");
  if (page === "/pdf") {
    const pdf = invoicePdf(invoice);
    res
      .writeHead(200, {
        "content-type": "application/pdf",
        "content-length": pdf.length,
        "content-disposition": `inline; filename="${invoice.number}.pdf"`,
      })
      .end(pdf);
    return;
  }
  if (page === "" || (req.method === "GET" && page !== "/3ds"))
    return html(res, 200, invoiceHtml(invoice, null, invoice.status === "paid" ? null : url.searchParams.get("notice")));
  if (page === "/3ds") {
    const intent = emulator.store.get<PaymentIntent>(url.searchParams.get("intent") ?? "");
    if (!intent || intent.status !== "requires_action") return html(res, 200, invoiceHtml(invoice));
    if (req.method === "GET") return showChallenge(res, intent, `/invoices/${id}/3ds?intent=${intent.id}`);
    const outcome = challengeOutcome(body);
    await emulator.internal((ctx) => finishAuthentication(ctx, intent.id, outcome));
    const after = emulator.store.get<Invoice>(id)!;
    return html(
      res,
      200,
      invoiceHtml(
        after,
        after.status === "paid"
          ? null
          : "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
      ),
    );
  }
  if (page !== "/pay" || invoice.status !== "open") return html(res, 200, invoiceHtml(invoice));
  const values = Object.fromEntries(new URLSearchParams(body)) as Record<string, string>;
  const problems = Object.values(cardErrors(values, false));
  if (problems.length > 0) return html(res, 400, invoiceHtml(invoice, problems[0]!));
  const [month, year] = values.card_expiry!.split("/").map((p) => Number(p.trim()));
  try {
    const attempt = await emulator.internal((ctx) => {
      const pm = createCardPaymentMethod(ctx, cardByNumber(values.card_number!), { expMonth: month, expYear: 2000 + year! });
      attachPaymentMethod(ctx, pm.id, invoice.customer as string);
      const result = attemptInvoicePayment(ctx, ctx.tx.get<Invoice>(id)!, nowFor(ctx.tx, invoice.customer as string, ctx.now), {
        paymentMethod: pm.id,
        offSession: false,
      });
      return { outcome: result.outcome, intent: result.intent?.id ?? null, message: result.intent?.last_payment_error?.message ?? null };
    });
    if (attempt.outcome === "requires_action")
      return void res.writeHead(303, { location: `/invoices/${id}/3ds?intent=${attempt.intent}` }).end();
    const after = emulator.store.get<Invoice>(id)!;
    return html(
      res,
      attempt.outcome === "paid" ? 200 : 402,
      invoiceHtml(after, attempt.outcome === "paid" ? null : (attempt.message ?? "Your card was declined.")),
    );
  } catch (err) {
    if (err instanceof StripeError) return html(res, err.status, invoiceHtml(invoice, err.body.message));
    throw err;
  }
}
