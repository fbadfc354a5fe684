// GET /api/v1/admin/jobs – each scheduled job with its schedule and latest runs (superadmin)
import { superadminRoute } from "@/lib/api/route";
import { listJobs } from "@/lib/jobs/job-runs";

export const GET = superadminRoute(async ({ user }) => Response.json({ jobs: await listJobs(user) }));
