// GET /api/v1/orgs/{org}/members – who is in the organization
import { withOrg } from "@/lib/api/route";
import { listMembers } from "@/lib/orgs/members/list-members";

export const GET = withOrg({ role: "member" }, async ({ org }) => Response.json({ members: await listMembers(org.id) }));
