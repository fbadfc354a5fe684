// POST /api/v1/auth/verify-email/resend – email a fresh verification link to the signed-in user
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { AppError } from "@/lib/errors";
import { userRoute } from "@/lib/http/route";

export const POST = userRoute(async ({ user }) => {
  if (user.emailVerified) throw new AppError("conflict", "Your email is already confirmed.");
  const sent = await sendVerificationEmail(user.id, user.email);
  return Response.json({ sent }, { status: sent ? 202 : 503 });
});
