/** Keeps post-sign-in redirects inside the app: only same-origin paths are honoured. */
export function safeCallbackPath(value: unknown, fallback = "/orgs"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
