// GET /api/v1/admin/webhooks/events?status=pending|failed|processed&limit=&before= – stored webhook events (superadmin)
import { listWebhookEvents, webhookEventsQuery } from "@/lib/admin/webhook-events";
import { superadminRoute } from "@/lib/api/route";

export const GET = superadminRoute(async ({ req, user }) =>
  Response.json(await listWebhookEvents(user, webhookEventsQuery.parse(Object.fromEntries(new URL(req.url).searchParams)))),
);
