// The headers every response carries, and the Content-Security-Policy that still lets Stripe.js work.

type Options = { nonce: string; appBaseUrl: string; stripeApiBase?: string };

const REAL_STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com", "https://maps.googleapis.com"],
  img: ["https://*.stripe.com"],
};

/**
 * Scripts run only with this response's nonce ('strict-dynamic' then trusts what they load, which is
 * how Next's chunks and Stripe.js arrive); host lists are the fallback for browsers without it.
 * In emulator mode the emulator's origin stands where Stripe's would.
 */
export function contentSecurityPolicy({ nonce, stripeApiBase }: Options): string {
  const stripe = stripeApiBase
    ? (() => {
        const origin = new URL(stripeApiBase).origin;
        return { script: [origin], frame: [origin], connect: [origin], img: [origin] };
      })()
    : REAL_STRIPE;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [`'nonce-${nonce}'`, "'strict-dynamic'", "'self'", ...stripe.script],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...stripe.img],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...stripe.connect],
    "frame-src": [...stripe.frame],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: Options): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(self)",
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
  };
  if (options.appBaseUrl.startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
