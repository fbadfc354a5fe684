import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** Origins Checkout and the portal may send the browser back to: the app's own, plus ALLOWED_CHECKOUT_DOMAINS. */
function allowedRedirectOrigins(): Set<string> {
  const { APP_BASE_URL, ALLOWED_CHECKOUT_DOMAINS } = env();
  const origins = new Set([new URL(APP_BASE_URL).origin]);
  for (const entry of ALLOWED_CHECKOUT_DOMAINS.split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    try {
      origins.add(new URL(entry.includes("://") ? entry : `https://${entry}`).origin);
    } catch {
      log().error(`ALLOWED_CHECKOUT_DOMAINS has an entry that is not an origin: ${entry}`);
    }
  }
  return origins;
}

/** The URL itself when it is http(s) on an allowed origin; otherwise 400 invalid_redirect naming the field. */
export function checkRedirect(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError("invalid_redirect", `${field} is not an absolute URL.`, { fields: { [field]: "Not an absolute URL." } });
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !allowedRedirectOrigins().has(url.origin)) {
    throw new AppError("invalid_redirect", `${field} must point at this app or a domain in ALLOWED_CHECKOUT_DOMAINS.`, {
      fields: { [field]: "This address is not allowed." },
    });
  }
  return value;
}
