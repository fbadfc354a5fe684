import "server-only";
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { env } from "@/lib/env";

/**
 * Next's NextRequest reports 127.0.0.1 as "localhost", and Auth.js builds its
 * redirects and magic links from the request URL, so a session cookie set on
 * one host would be sent to the other. Auth.js only needs a standard Request,
 * so it gets one on the app's public origin.
 */
function onAppOrigin(handler: (req: NextRequest) => Promise<Response>) {
  return (req: NextRequest) => {
    const url = new URL(req.nextUrl.pathname + req.nextUrl.search, env().APP_BASE_URL);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const plain = new Request(url, { method: req.method, headers: req.headers, body: hasBody ? req.body : undefined, duplex: "half" } as RequestInit);
    return handler(plain as NextRequest);
  };
}

export const GET = onAppOrigin(handlers.GET);
export const POST = onAppOrigin(handlers.POST);
