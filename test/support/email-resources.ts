/** What an email's HTML would load when opened (stylesheets, images, fonts): none, for Tollgate's. */
export function loadedResources(html: string): string[] {
  return [...html.matchAll(/<link[^>]*href="([^"]+)"|\ssrc="([^"]+)"|@import[^;]*|url\(([^)]+)\)/gi)].map((m) => m[0]);
}
