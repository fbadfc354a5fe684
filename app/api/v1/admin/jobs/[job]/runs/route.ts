// POST /api/v1/admin/jobs/{job}/runs – run a scheduled job now; 202 with the queued run (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { requestJobRun } from "@/lib/jobs/job-runs";

export const POST = superadminRoute(async ({ params, user }) =>
  Response.json({ run: await requestJobRun(params.job ?? "", user.id) }, { status: 202 }),
);
