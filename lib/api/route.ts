import "server-only";
import { randomUUID } from "node:crypto";
import { requireUser, type CurrentUser } from "@/lib/auth/current-user";
import { AppError, errorResponse } from "@/lib/errors";
import { requireOrgAccess, requireOrgReadById, type OrgRef } from "@/lib/orgs/org-access";
import { env } from "@/lib/env";
import { clientAddressOf } from "@/lib/http/client-address";
import { REQUEST_ID_HEADER } from "@/lib/http/edge/client-ip";
import { hasNulByte } from "@/lib/http/edge/nul-byte";
import { withRequestLog } from "@/lib/log";
import { acceptsCrossOrigin, changesState, isFromAppOrigin } from "@/lib/http/edge/same-origin";
import { mapStripeError } from "@/lib/stripe/errors";
import type { Role } from "@/lib/orgs/roles";

type Params = Record<string, string>;
type RouteContext = { params: Promise<Params> };
type RouteHandler = (req: Request, context: RouteContext) => Promise<Response>;

const hasBody = (req: Request) => Number(req.headers.get("content-length") ?? 0) > 0 || req.headers.has("transfer-encoding");
const isJson = (req: Request) => /^application\/json\s*(;|$)/i.test(req.headers.get("content-type") ?? "");

/**
 * What every state-changing API request must show, besides its credentials: that it comes from the
 * app's own origin (CSRF), and that a body it carries is declared as JSON. The webhook is exempt:
 * Stripe signs it.
 */
function assertAcceptable(req: Request): void {
  if (hasNulByte(req.url)) throw new AppError("bad_request", "The URL contains a NUL byte.");
  if (!changesState(req.method) || acceptsCrossOrigin(new URL(req.url).pathname)) return;
  const appOrigin = new URL(env().APP_BASE_URL).origin;
  if (!isFromAppOrigin((name) => req.headers.get(name), appOrigin)) {
    throw new AppError("forbidden_origin", `State-changing requests must come from ${appOrigin} (send Origin: ${appOrigin}).`);
  }
  if (hasBody(req) && !isJson(req)) throw new AppError("unsupported_media_type", "Send the request body as application/json.");
}

type PublicArgs = { req: Request; params: Params; clientIp: string };

/** A public route: errors become `{ error }` JSON with the right status. */
export function publicRoute(handler: (args: PublicArgs) => Promise<Response>): RouteHandler {
  return async (req, context) => {
    const requestId = req.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
    return withRequestLog(requestId, { method: req.method, path: new URL(req.url).pathname }, async () => {
      try {
        assertAcceptable(req);
        return await handler({ req, params: await context.params, clientIp: clientAddressOf(req.headers) });
      } catch (err) {
        return errorResponse(mapStripeError(err));
      }
    });
  };
}

/** A route for any signed-in user (401 otherwise). */
export function userRoute(handler: (args: PublicArgs & { user: CurrentUser }) => Promise<Response>): RouteHandler {
  return publicRoute(async (args) => handler({ ...args, user: await requireUser() }));
}

export type OrgRouteArgs = PublicArgs & { user: CurrentUser; org: OrgRef; role: Role };

/** A route under /api/v1/orgs/{org}: 401 signed out, 404 not a member, 403 role too low. */
export function withOrg(options: { role: Role }, handler: (args: OrgRouteArgs) => Promise<Response>): RouteHandler {
  return userRoute(async (args) => {
    const { org, role } = await requireOrgAccess(args.user.id, args.params.org ?? "", options.role);
    return handler({ ...args, org, role });
  });
}

/** A read-only route naming the org by id (`{orgId}`): its members and platform operators; 404 for anyone else. */
export function withOrgById(handler: (args: OrgRouteArgs) => Promise<Response>): RouteHandler {
  return userRoute(async (args) => {
    const { org, role } = await requireOrgReadById(args.user, args.params.orgId ?? "");
    return handler({ ...args, org, role });
  });
}

/** A platform operator's route: 401 signed out, 403 for anyone who is not a superadmin. */
export function superadminRoute(handler: (args: PublicArgs & { user: CurrentUser }) => Promise<Response>): RouteHandler {
  return userRoute(async (args) => {
    if (!args.user.isSuperadmin) throw new AppError("forbidden", "This is for platform operators.");
    return handler(args);
  });
}
