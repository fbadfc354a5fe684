import type http from "node:http";
import { frameIdParam, originParam } from "../http/browser-safety";
import { Router } from "../http/router";
import { dashboardHtml } from "../pages/dashboard";
import { hostedCheckout } from "../pages/checkout-routes";
import { hostedInvoice } from "../pages/invoice-routes";
import { hostedPortal } from "../pages/portal-routes";
import type { SiteHandler } from "../host/site-request";
import { challengeFrameHtml, elementFrameHtml } from "../stripejs/frames";
import { STRIPE_JS } from "../stripejs/stripe-js";
import { advanceFromDashboard, resendFromDashboard } from "./dashboard-actions";

function page(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
}
const parent = (url: URL) => originParam(url.searchParams.get("parent"));
const GET_POST = ["GET", "POST"] as const;

const stripeJs: SiteHandler = ({ res }) => {
  res.writeHead(200, { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-cache" }).end(STRIPE_JS);
};

/** Everything the emulator serves to browsers: Stripe.js and its frames, the hosted pages, and the dashboard. */
export const siteRoutes = new Router<SiteHandler>()
  .add("GET", "/v3/stripe.js", stripeJs)
  .add("GET", "/v3", stripeJs)
  .add("GET", "/endive/stripe.js", stripeJs)
  .add("GET", "/elements/frame", ({ res, url }) => page(res, elementFrameHtml(frameIdParam(url.searchParams.get("frameId")), parent(url))))
  .add("GET", "/_emulator/3ds/:intent", ({ res, url, path }) => {
    if (!/^(?:pi|seti)_\w+$/.test(path.intent!)) return void res.writeHead(404).end();
    page(res, challengeFrameHtml(path.intent!, parent(url)));
  })
  .add("GET", "/", ({ emulator, res, url }) =>
    page(res, dashboardHtml(emulator.store, url.searchParams.get("tab"), url.searchParams.get("notice"))),
  )
  .add("POST", "/_emulator/dashboard/resend", resendFromDashboard)
  .add("POST", "/_emulator/dashboard/advance", advanceFromDashboard)
  .add(GET_POST, "/checkout/:id", (r) => hostedCheckout(r, r.path.id!, false))
  .add(GET_POST, "/checkout/:id/3ds", (r) => hostedCheckout(r, r.path.id!, true))
  .add(GET_POST, "/portal/:id", (r) => hostedPortal(r, r.path.id!, ""))
  .add(GET_POST, "/portal/:id/:page", (r) => hostedPortal(r, r.path.id!, `/${r.path.page}`))
  .add(GET_POST, "/invoices/:id", (r) => hostedInvoice(r, r.path.id!, ""));
for (const suffix of ["pdf", "pay", "3ds"])
  siteRoutes.add(GET_POST, `/invoices/:id/${suffix}`, (r) => hostedInvoice(r, r.path.id!, `/${suffix}`));
