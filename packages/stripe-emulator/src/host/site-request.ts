import type http from "node:http";
import type { EmulatorHost } from "./emulator-host";

/** One request to the emulator's own pages (dashboard, hosted Checkout, portal, invoices, Stripe.js frames). */
export type SiteRequest = {
  emulator: EmulatorHost;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  body: string;
  path: Record<string, string>;
};
export type SiteHandler = (request: SiteRequest) => void | Promise<void>;
