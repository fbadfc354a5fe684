/** The largest request body each part of the app reads; larger declared bodies are refused before any is read. */
export function bodyLimitFor(pathname: string): number {
  if (pathname === "/api/webhooks/stripe") return WEBHOOK_BODY_LIMIT;
  if (pathname.startsWith("/api/v1/")) return API_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

/** Stripe's events are well under this; the biggest seen in practice are tens of kilobytes. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** JSON API bodies are a few fields. */
export const API_BODY_LIMIT = 64 * 1024;
/** Server actions and Auth.js forms (Next's own action limit is 1 MB). */
export const FORM_BODY_LIMIT = 1024 * 1024;
