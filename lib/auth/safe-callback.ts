import { env } from "@/lib/env";

/**
 * Keeps post-sign-in redirects inside the app. The value is resolved the way a browser would resolve it
 * against APP_BASE_URL (which drops tabs and newlines and reads backslashes as slashes, so `/\t/evil` and
 * `/\evil` become `//evil`); only a result on the app's own origin is honoured, as its path.
 */
export function safeCallbackPath(value: unknown, fallback = "/orgs"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  const base = new URL(env().APP_BASE_URL);
  let target: URL;
  try {
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  const path = target.pathname + target.search + target.hash;
  // Paths only: an absolute URL on our own origin is accepted but returned as its path.
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
