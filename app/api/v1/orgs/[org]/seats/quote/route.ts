// GET /api/v1/orgs/{org}/seats/quote – what one more seat costs on the org's per-seat plan, or { quote: null } (admin)
import { withOrg } from "@/lib/api/route";
import { quoteSeat } from "@/lib/billing/seats/seat-quote";

export const GET = withOrg({ role: "admin" }, async ({ org }) => Response.json({ quote: await quoteSeat(org.id) }));
