// POST /api/v1/auth/verify-email – confirm an email with the emailed token
import { z } from "zod";
import { confirmEmail } from "@/lib/auth/verify-email";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/http/route";

const input = z.object({ token: z.string().min(1).max(200) });

export const POST = publicRoute(async ({ req }) => {
  await confirmEmail((await readJson(req, input)).token);
  return Response.json({ verified: true });
});
