import type http from "node:http";

/** A value as a JavaScript string literal that is safe inside an HTML <script> element. */
export function scriptLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The `parent` query parameter as an http(s) origin, or "" (postMessage then goes nowhere). */
export function originParam(value: string | null): string {
  if (!value) return "";
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value ? url.origin : "";
  } catch {
    return "";
  }
}

/** Element frame ids are made by the Stripe.js stand-in (`frame_…`). */
export const frameIdParam = (value: string | null) => (value && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : "");

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** DNS rebinding: a page on evil.example rebound to 127.0.0.1 still sends `Host: evil.example`. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return LOOPBACK_HOSTS.has(name.toLowerCase());
}

/**
 * Whether a browser sent this request from a page on another origin. Servers (the SDK, the CLI, tests)
 * send neither Origin nor fetch metadata; the emulator's own pages send its origin.
 */
export function fromForeignPage(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin !== `http://${req.headers.host}`;
  const site = req.headers["sec-fetch-site"];
  return site === "cross-site" || site === "same-site";
}
