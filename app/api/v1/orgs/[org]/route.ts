// GET /api/v1/orgs/{org} – the organization and my role in it
import { withOrg } from "@/lib/api/route";

export const GET = withOrg({ role: "member" }, async ({ org, role }) => Response.json({ org, role }));
