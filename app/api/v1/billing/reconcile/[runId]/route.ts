// GET /api/v1/billing/reconcile/{runId} – a run's status, counts and findings (superadmin)
import { reconcileRunView } from "@/lib/reconcile/reconcile-runs";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ params }) => Response.json({ run: await reconcileRunView(params.runId ?? "") }));
