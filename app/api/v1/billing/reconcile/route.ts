// POST /api/v1/billing/reconcile – start a reconcile run against Stripe ({ orgId?, since? }); 202 with the run (superadmin)
import { reconcileInput, requestReconcile } from "@/lib/reconcile/reconcile-runs";
import { readJson } from "@/lib/http/read-json";
import { superadminRoute } from "@/lib/api/route";

export const POST = superadminRoute(async ({ req, user }) =>
  Response.json({ run: await requestReconcile(await readJson(req, reconcileInput), user.id) }, { status: 202 }),
);
