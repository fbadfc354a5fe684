// POST /api/v1/auth/signup – create an account; a verification link is emailed
import { signUp, signUpInput } from "@/lib/auth/sign-up";
import { readJson } from "@/lib/http/read-json";
import { publicRoute } from "@/lib/api/route";

export const POST = publicRoute(async ({ req, clientIp }) => {
  const user = await signUp(await readJson(req, signUpInput), clientIp);
  return Response.json({ user }, { status: 201 });
});
