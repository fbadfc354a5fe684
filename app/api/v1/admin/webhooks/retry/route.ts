// POST /api/v1/admin/webhooks/retry – { eventId } or { all: true }: process failed webhook events again (superadmin)
import { retryFailedEvents, webhookRetryInput } from "@/lib/admin/webhook-events";
import { readJson } from "@/lib/http/read-json";
import { superadminRoute } from "@/lib/api/route";

export const POST = superadminRoute(async ({ req, user }) => {
  const input = await readJson(req, webhookRetryInput);
  return Response.json(await retryFailedEvents("all" in input ? "all" : [input.eventId], user.id));
});
