import "server-only";
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { emailSchema } from "@/lib/auth/emails";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { clientAddressOf } from "@/lib/http/client-address";
import { FORM_BODY_LIMIT } from "@/lib/http/edge/body-limits";
import { readBodyText } from "@/lib/http/read-body";
import { whileCounted } from "@/lib/rate-limits/counted-here";
import { limitEmail } from "@/lib/rate-limits/limit-email";

type Handler = (req: NextRequest) => Promise<Response>;

/**
 * Next's NextRequest reports 127.0.0.1 as "localhost", and Auth.js builds its
 * redirects and magic links from the request URL, so a session cookie set on
 * one host would be sent to the other. Auth.js only needs a standard Request,
 * so it gets one on the app's public origin.
 */
function onAppOrigin(req: NextRequest, body: string | undefined): NextRequest {
  const url = new URL(req.nextUrl.pathname + req.nextUrl.search, env().APP_BASE_URL);
  return new Request(url, { method: req.method, headers: req.headers, body }) as NextRequest;
}

/** A direct POST for a sign-in link is counted like the form's: 429 past the limit, before Auth.js sends anything. */
async function countSignInLink(req: NextRequest, body: string): Promise<Response | null> {
  const email = emailSchema.safeParse(new URLSearchParams(body).get("email"));
  if (!email.success) return null; // Auth.js refuses it itself
  try {
    await limitEmail("sign-in-link", email.data, { clientIp: clientAddressOf(req.headers) });
    return null;
  } catch (err) {
    if (err instanceof AppError) return errorResponse(err);
    throw err;
  }
}

export const GET: Handler = (req) => handlers.GET(onAppOrigin(req, undefined));

export const POST: Handler = async (req) => {
  let body: string;
  try {
    body = await readBodyText(req, FORM_BODY_LIMIT);
  } catch (err) {
    return errorResponse(err);
  }
  if (req.nextUrl.pathname.endsWith("/signin/nodemailer")) {
    const refused = await countSignInLink(req, body);
    if (refused) return refused;
    return whileCounted(() => handlers.POST(onAppOrigin(req, body)));
  }
  return handlers.POST(onAppOrigin(req, body));
};
