import type { Store, Stored } from "../store/store";
import type { Delivery } from "../webhooks/types";
import { esc, href } from "./layout";

type Row = Stored & Record<string, unknown>;
const time = (ts: unknown) => (typeof ts === "number" ? new Date(ts * 1000).toISOString().replace("T", " ").slice(0, 19) : "—");
const money = (cents: unknown, currency: unknown) =>
  typeof cents === "number" ? `${(cents / 100).toFixed(2)} ${esc(String(currency ?? "usd").toUpperCase())}` : "—";
const badge = (status: unknown) => `<span class="badge s-${esc(status)}">${esc(status)}</span>`;

const TABS = ["customers", "subscriptions", "invoices", "payments", "events", "clocks"] as const;
type Tab = (typeof TABS)[number];

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return `<p class="empty">Nothing here yet.</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function section(store: Store, tab: Tab): string {
  const all = (type: string) => store.all<Row>(type).slice(0, 100);
  switch (tab) {
    case "customers":
      return table(
        ["Customer", "Email", "Name", "Test clock", "Created"],
        all("customer")
          .filter((c) => !c.deleted)
          .map((c) => [esc(c.id), esc(c.email), esc(c.name), esc(c.test_clock), time(c.created)]),
      );
    case "subscriptions":
      return table(
        ["Subscription", "Customer", "Status", "Price", "Period end", "Cancels", "Clock"],
        all("subscription").map((s) => {
          const item = (
            s.items as {
              data: { price: { unit_amount: number; currency: string; recurring: { interval: string } }; current_period_end: number }[];
            }
          ).data[0];
          return [
            esc(s.id),
            esc(s.customer),
            badge(s.status),
            item ? `${money(item.price.unit_amount, item.price.currency)} / ${esc(item.price.recurring.interval)}` : "—",
            time(item?.current_period_end),
            s.cancel_at_period_end ? "at period end" : "—",
            esc(s.test_clock),
          ];
        }),
      );
    case "invoices":
      return table(
        ["Invoice", "Number", "Customer", "Status", "Amount due", "Reason", "Links"],
        all("invoice").map((i) => [
          esc(i.id),
          esc(i.number),
          esc(i.customer),
          badge(i.status),
          money(i.amount_due, i.currency),
          esc(i.billing_reason),
          i.hosted_invoice_url ? `<a href="${href(i.hosted_invoice_url)}">page</a> · <a href="${href(i.invoice_pdf)}">PDF</a>` : "—",
        ]),
      );
    case "payments":
      return table(
        ["Payment intent", "Customer", "Status", "Amount", "Last error", "Created"],
        all("payment_intent").map((p) => [
          esc(p.id),
          esc(p.customer),
          badge(p.status),
          money(p.amount, p.currency),
          esc((p.last_payment_error as { message?: string } | null)?.message),
          time(p.created),
        ]),
      );
    case "events": {
      const deliveries = store.all<Delivery & Stored>("emulator.delivery");
      return table(
        ["Event", "Type", "Created", "Deliveries", ""],
        all("event").map((e) => {
          const mine = deliveries.filter((d) => d.event === e.id);
          const summary =
            mine.map((d) => `${badge(d.state)} ${d.attempts.map((a) => esc(a.status ?? a.error)).join(", ") || "waiting"}`).join("<br>") ||
            "no endpoint";
          return [
            esc(e.id),
            `<code>${esc(e.type)}</code>`,
            time(e.created),
            summary,
            `<form method="post" action="/_emulator/dashboard/resend"><input type="hidden" name="event" value="${esc(e.id)}"><button>Resend</button></form>`,
          ];
        }),
      );
    }
    case "clocks":
      return table(
        ["Test clock", "Name", "Frozen time", "Status", "Advance"],
        all("test_helpers.test_clock").map((c) => [
          esc(c.id),
          esc(c.name),
          time(c.frozen_time),
          badge(c.status),
          `<form method="post" action="/_emulator/dashboard/advance" class="inline"><input type="hidden" name="clock" value="${esc(c.id)}"><input name="days" type="number" min="1" value="30" aria-label="Days"> days <button>Advance</button></form>`,
        ]),
      );
  }
}

/** The emulator's own dashboard: what a developer looks at instead of Stripe's. */
export function dashboardHtml(store: Store, requested: string | null, notice: string | null): string {
  const tab: Tab = (TABS as readonly string[]).includes(requested ?? "") ? (requested as Tab) : "customers";
  const counts = Object.fromEntries(
    TABS.map((t) => [
      t,
      store.all(t === "payments" ? "payment_intent" : t === "clocks" ? "test_helpers.test_clock" : t.slice(0, -1)).length,
    ]),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local Stripe · ${tab}</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36}header{background:#635bff;color:#fff;padding:16px 32px}header h1{margin:0;font-size:18px}header p{margin:4px 0 0;opacity:.85;font-size:13px}
nav{display:flex;gap:4px;padding:0 32px;background:#fff;border-bottom:1px solid #e3e8ee}nav a{padding:12px 14px;color:#697386;text-decoration:none;font-weight:500;border-bottom:2px solid transparent}nav a.on{color:#635bff;border-color:#635bff}
main{padding:24px 32px}table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 3px #0001;font-size:13px}th{text-align:left;background:#f6f9fc;color:#697386;font-weight:600;padding:10px}td{padding:10px;border-top:1px solid #eef1f5;vertical-align:top}
code{font-size:12px}.badge{display:inline-block;padding:1px 8px;border-radius:999px;background:#e3e8ee;font-size:12px}.s-active,.s-paid,.s-succeeded,.s-ready{background:#d7f7c2;color:#05690d}.s-trialing{background:#cff5f6;color:#0055bc}.s-past_due,.s-open,.s-requires_action,.s-pending{background:#fcedb9;color:#a04100}.s-canceled,.s-failed,.s-void,.s-requires_payment_method{background:#ffe7f2;color:#b3093c}
button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:4px 10px;cursor:pointer}input[type=number]{width:64px}.notice{background:#d7f7c2;padding:8px 12px;border-radius:6px;margin-bottom:16px}.empty{color:#697386}</style></head>
<body><header><h1>Local Stripe</h1><p>Tollgate's Stripe emulator · API at /v1 with any sk_test_ key · newest first, 100 per list</p></header>
<nav>${TABS.map((t) => `<a href="/?tab=${t}" class="${t === tab ? "on" : ""}">${t[0]!.toUpperCase() + t.slice(1)} (${counts[t]})</a>`).join("")}</nav>
<main>${notice ? `<p class="notice">${esc(notice)}</p>` : ""}${section(store, tab)}</main></body></html>`;
}
