// POST /api/v1/auth/password-reset/confirm – set a new password with the emailed token
import { resetPassword, resetPasswordInput } from "@/lib/auth/reset-password";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/api/route";

export const POST = publicRoute(async ({ req, clientIp }) => {
  await resetPassword(await readJson(req, resetPasswordInput), clientIp);
  return Response.json({ reset: true });
});
