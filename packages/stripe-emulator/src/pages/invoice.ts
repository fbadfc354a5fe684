import type { Invoice } from "../domain/invoice-lifecycle";
import { esc, href, money } from "./layout";
import { textPdf } from "./pdf";

const date = (ts: number | null) => (ts ? new Date(ts * 1000).toISOString().slice(0, 10) : "—");

/** Who the invoice is for, as Stripe prints it: name, email and postal address, whichever the customer has. */
function billedTo(invoice: Invoice): string[] {
  const a = invoice.customer_address;
  const place = a ? [[a.postal_code, a.city].filter(Boolean).join(" "), a.state, a.country].filter(Boolean).join(", ") : "";
  const lines = [invoice.customer_name, invoice.customer_email, a?.line1, a?.line2, place].filter((l): l is string => Boolean(l));
  return lines.length ? lines : [String(invoice.customer)];
}

export function invoicePdf(invoice: Invoice): Buffer {
  return textPdf([
    { text: "Tollgate (local Stripe)", size: 16, bold: true },
    { text: `Invoice ${invoice.number ?? invoice.id}`, size: 14, bold: true },
    { text: `Status: ${invoice.status}    Date: ${date(invoice.created)}` },
    { text: `Period: ${date(invoice.period_start)} to ${date(invoice.period_end)}` },
    { text: " " },
    { text: "Billed to", bold: true },
    ...billedTo(invoice).map((text) => ({ text })),
    { text: " " },
    ...invoice.lines.data.map((l) => ({ text: `${l.description ?? ""}   ${money(l.amount, invoice.currency)}` })),
    { text: " " },
    { text: `Subtotal ${money(invoice.subtotal, invoice.currency)}` },
    ...(invoice.total_discount_amounts ?? []).map((d) => ({ text: `Discount -${money(d.amount, invoice.currency)}` })),
    { text: `Total ${money(invoice.total, invoice.currency)}`, bold: true },
    {
      text: `Amount due ${money(invoice.amount_due, invoice.currency)}    Paid ${money(invoice.amount_paid, invoice.currency)}`,
      bold: true,
    },
  ]);
}

/** The hosted invoice page: summary, lines, status, PDF link and, for open invoices, a card form to pay it. */
export function invoiceHtml(invoice: Invoice, error: string | null = null, notice: string | null = null): string {
  const rows = invoice.lines.data
    .map((l) => `<tr><td>${esc(l.description ?? "")}</td><td class="num">${money(l.amount, invoice.currency)}</td></tr>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice ${esc(invoice.number ?? invoice.id)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}main{max-width:640px;margin:40px auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 2px 8px #0001}
h1{font-size:20px;margin:0 0 4px}.muted{color:#697386}table{width:100%;border-collapse:collapse;margin:24px 0}td{padding:8px 0;border-bottom:1px solid #e3e8ee}.num{text-align:right}
.badge{display:inline-block;padding:2px 8px;border-radius:999px;background:#e3e8ee;font-size:12px;text-transform:capitalize}.paid{background:#d7f7c2;color:#05690d}.open{background:#fcedb9;color:#a04100}
a.button{display:inline-block;background:#635bff;color:#fff;padding:10px 16px;border-radius:8px;text-decoration:none;font-weight:600;margin-right:8px}
form{margin:16px 0 24px}input{width:100%;padding:10px;border:1px solid #d5dbe1;border-radius:6px;font-size:15px;margin-top:8px}.row{display:grid;grid-template-columns:1fr 1fr;gap:8px}
button.pay{width:100%;margin-top:12px;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;font-size:16px;font-weight:600;cursor:pointer}.error{color:#df1b41}.ok{color:#05690d}</style></head>
<body><main><p class="muted">Tollgate (local Stripe)</p><h1>Invoice ${esc(invoice.number ?? invoice.id)} <span class="badge ${invoice.status}">${invoice.status}</span></h1>
<p class="muted">Issued ${date(invoice.created)} · Period ${date(invoice.period_start)} – ${date(invoice.period_end)}</p>
<table>${rows}<tr><td>Subtotal</td><td class="num">${money(invoice.subtotal, invoice.currency)}</td></tr>
${(invoice.total_discount_amounts ?? []).map((d) => `<tr><td>Discount</td><td class="num">-${money(d.amount, invoice.currency)}</td></tr>`).join("")}
<tr><td><strong>Amount due</strong></td><td class="num"><strong>${money(invoice.amount_due, invoice.currency)}</strong></td></tr></table>
${notice ? `<p class="ok" role="status">${esc(notice)}</p>` : ""}
${
  invoice.status === "open"
    ? `<form method="post" action="/invoices/${esc(invoice.id)}/pay" novalidate><h2 style="font-size:16px">Pay this invoice</h2>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<input name="card_number" placeholder="1234 1234 1234 1234" aria-label="Card number"><div class="row"><input name="card_expiry" placeholder="MM / YY" aria-label="Expiration"><input name="card_cvc" placeholder="CVC" aria-label="CVC"></div>
<button class="pay">Pay ${money(invoice.amount_remaining, invoice.currency)}</button></form>`
    : ""
}
<a class="button" href="${href(invoice.invoice_pdf)}">Download PDF</a></main></body></html>`;
}
