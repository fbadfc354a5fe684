import "server-only";
import { requireUser, type CurrentUser } from "@/lib/auth/current-user";
import { AppError, errorResponse } from "@/lib/errors";
import { requireOrgAccess, requireOrgReadById, type OrgRef } from "@/lib/orgs/org-access";
import { mapStripeError } from "@/lib/stripe/errors";
import type { Role } from "@/lib/orgs/roles";

type Params = Record<string, string>;
type RouteContext = { params: Promise<Params> };
type RouteHandler = (req: Request, context: RouteContext) => Promise<Response>;

/** A public route: errors become `{ error }` JSON with the right status. */
export function publicRoute(handler: (args: { req: Request; params: Params }) => Promise<Response>): RouteHandler {
  return async (req, context) => {
    try {
      return await handler({ req, params: await context.params });
    } catch (err) {
      return errorResponse(mapStripeError(err));
    }
  };
}

/** A route for any signed-in user (401 otherwise). */
export function userRoute(
  handler: (args: { req: Request; params: Params; user: CurrentUser }) => Promise<Response>,
): RouteHandler {
  return publicRoute(async ({ req, params }) => handler({ req, params, user: await requireUser() }));
}

export type OrgRouteArgs = { req: Request; params: Params; user: CurrentUser; org: OrgRef; role: Role };

/** A route under /api/v1/orgs/{org}: 401 signed out, 404 not a member, 403 role too low. */
export function withOrg(options: { role: Role }, handler: (args: OrgRouteArgs) => Promise<Response>): RouteHandler {
  return userRoute(async ({ req, params, user }) => {
    const { org, role } = await requireOrgAccess(user.id, params.org ?? "", options.role);
    return handler({ req, params, user, org, role });
  });
}

/** A read-only route naming the org by id (`{orgId}`): its members and platform operators; 404 for anyone else. */
export function withOrgById(handler: (args: OrgRouteArgs) => Promise<Response>): RouteHandler {
  return userRoute(async ({ req, params, user }) => {
    const { org, role } = await requireOrgReadById(user, params.orgId ?? "");
    return handler({ req, params, user, org, role });
  });
}

/** A platform operator's route: 401 signed out, 403 for anyone who is not a superadmin. */
export function superadminRoute(
  handler: (args: { req: Request; params: Params; user: CurrentUser }) => Promise<Response>,
): RouteHandler {
  return userRoute(async (args) => {
    if (!args.user.isSuperadmin) throw new AppError("forbidden", "This is for platform operators.");
    return handler(args);
  });
}
