// The one rule for "did this state-changing request come from the app's own pages?" (CSRF defence).

type HeaderLookup = (name: string) => string | null | undefined;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const changesState = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/** Paths that other parties post to and that authenticate on their own (Stripe signs its webhooks). */
export const acceptsCrossOrigin = (pathname: string) => pathname === "/api/webhooks/stripe";

/**
 * A browser names the page a request came from in `Origin` (every non-GET fetch or form post) and
 * `Sec-Fetch-Site`. The request counts as the app's own when Origin is exactly the app's origin, or,
 * without Origin, when Sec-Fetch-Site says same-origin. Everything else is refused: a foreign or
 * sibling origin, `Origin: null` (sandboxed frames, data: URLs, some redirects), cross-site or
 * same-site fetch metadata, and a request that carries neither header. Scripts send `Origin` too.
 */
export function isFromAppOrigin(header: HeaderLookup, appOrigin: string): boolean {
  const origin = header("origin");
  if (origin !== null && origin !== undefined) return origin === appOrigin;
  return header("sec-fetch-site") === "same-origin";
}
