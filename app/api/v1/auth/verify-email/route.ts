// POST /api/v1/auth/verify-email – confirm the signed-in account's email with the emailed token
import { z } from "zod";
import { confirmEmail } from "@/lib/auth/verify-email";
import { readJson } from "@/lib/http/read-json";
import { userRoute } from "@/lib/api/route";

const input = z.object({ token: z.string().min(1).max(200) });

export const POST = userRoute(async ({ req, user }) => {
  await confirmEmail((await readJson(req, input)).token, user.id);
  return Response.json({ verified: true });
});
