import http from "node:http";
import { appBaseUrl } from "./env";

export type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One HTTP request exactly as given, for what a browser or Playwright would not send: a forged Host,
 * X-Forwarded-*, Origin, a chunked body. `body` may be a generator of chunks (sent with chunked encoding).
 */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: string | Buffer | Buffer[],
): Promise<RawReply> {
  const base = new URL(appBaseUrl());
  return new Promise((resolve, reject) => {
    let answered = false;
    const chunked = Array.isArray(body);
    const req = http.request(
      {
        hostname: base.hostname,
        port: base.port,
        method,
        path,
        headers: {
          ...(body !== undefined && !chunked ? { "content-length": String(Buffer.byteLength(body as string | Buffer)) } : {}),
          ...headers,
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    // Once the server has answered, a write it no longer reads (EPIPE) does not matter.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    if (chunked) void writeChunks(req, body as Buffer[]);
    else req.end(body);
  });
}

/** Sends chunks one after another, waiting for the socket to drain, until the server stops reading. */
async function writeChunks(req: http.ClientRequest, chunks: Buffer[]): Promise<void> {
  for (const chunk of chunks) {
    if (req.destroyed) return;
    if (!req.write(chunk))
      await new Promise<void>((resolve) => {
        req.once("drain", resolve);
        req.once("close", resolve);
      });
  }
  req.end();
}

/** A session cookie for a user, got through Auth.js's own credentials flow over raw HTTP. */
export async function sessionCookieFor(email: string, password: string): Promise<string> {
  const csrf = await rawRequest("GET", "/api/auth/csrf");
  const csrfCookie = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: "/orgs" }).toString();
  const res = await rawRequest(
    "POST",
    "/api/auth/callback/credentials",
    { origin: appBaseUrl(), cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
    form,
  );
  const session = cookiesOf(res)
    .split("; ")
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`no session for ${email}: ${res.status} ${res.headers.location}`);
  return session;
}

function cookiesOf(res: RawReply): string {
  const set = res.headers["set-cookie"] ?? [];
  return set.map((c) => c.split(";")[0]).join("; ");
}
