// POST /api/v1/auth/verify-email/resend – email a fresh verification link to the signed-in user
import { sendVerificationEmail } from "@/lib/auth/verify-email";
import { AppError } from "@/lib/errors";
import { userRoute } from "@/lib/api/route";
import { limitEmail } from "@/lib/rate-limits/limit-email";

export const POST = userRoute(async ({ user, clientIp }) => {
  if (user.emailVerified) throw new AppError("conflict", "Your email is already confirmed.");
  await limitEmail("verify", user.email, { clientIp });
  const sent = await sendVerificationEmail(user.id, user.email);
  return Response.json({ sent }, { status: sent ? 202 : 503 });
});
