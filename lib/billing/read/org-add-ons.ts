import "server-only";
import { listAddOns } from "@/lib/catalog/catalog";
import { db } from "@/lib/db";
import { ADD_ON_HELD_STATUSES } from "@/lib/plans/subscription-states";

/** The add-on catalog beside what the org has bought (live ones, and ones ending at period end). */
export async function orgAddOns(orgId: string) {
  const [available, mine] = await Promise.all([
    listAddOns(),
    db.orgAddOn.findMany({
      where: { orgId, status: { in: ADD_ON_HELD_STATUSES } },
      orderBy: { createdAt: "asc" },
      select: { addOnCode: true, status: true, config: true, currentPeriodEnd: true, cancelAtPeriodEnd: true, createdAt: true },
    }),
  ]);
  const purchased = mine.map(({ addOnCode, ...rest }) => ({ code: addOnCode, ...rest }));
  return { available, purchased };
}
