// GET /api/v1/billing/entitlements/{orgId} – what the org may do (members of that org and superadmins)
import { db } from "@/lib/db";
import { getEntitlements } from "@/lib/entitlements/entitlements";
import { AppError } from "@/lib/errors";
import { userRoute } from "@/lib/http/route";

export const GET = userRoute(async ({ params, user }) => {
  const orgId = params.orgId ?? "";
  const allowed = user.isSuperadmin
    ? await db.organization.count({ where: { id: orgId } })
    : await db.membership.count({ where: { orgId, userId: user.id } });
  if (!allowed) throw new AppError("not_found", "No such organization.");
  return Response.json({ entitlements: await getEntitlements(orgId) });
});
