// GET /api/v1/billing/topup/prices – the credit packs (signed-in users)
import { listCreditPacks } from "@/lib/credits/topup-intent";
import { userRoute } from "@/lib/api/route";

export const GET = userRoute(async () => Response.json({ packs: await listCreditPacks() }));
