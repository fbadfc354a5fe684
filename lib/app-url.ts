import { env } from "@/lib/env";

/** An absolute link into the app, for emails and redirects. */
export function appUrl(pathname: string, query: Record<string, string> = {}): string {
  const url = new URL(pathname, env().APP_BASE_URL + "/");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}
