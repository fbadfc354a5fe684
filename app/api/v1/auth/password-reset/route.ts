// POST /api/v1/auth/password-reset – email a reset link (same answer whether or not the account exists)
import { requestPasswordReset, requestResetInput } from "@/lib/auth/reset-password";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/api/route";

export const POST = publicRoute(async ({ req, clientIp }) => {
  await requestPasswordReset(await readJson(req, requestResetInput), clientIp);
  return Response.json({ message: "If an account exists for this address, a reset link is on its way." }, { status: 202 });
});
