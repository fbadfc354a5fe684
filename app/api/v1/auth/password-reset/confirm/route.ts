// POST /api/v1/auth/password-reset/confirm – set a new password with the emailed token
import { resetPassword, resetPasswordInput } from "@/lib/auth/reset-password";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/http/route";

export const POST = publicRoute(async ({ req }) => {
  await resetPassword(await readJson(req, resetPasswordInput));
  return Response.json({ reset: true });
});
