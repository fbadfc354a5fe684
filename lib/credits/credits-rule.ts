// Who may buy credits, in one place: the top-up API enforces it, the billing and pricing pages say it.
import { FREE_PLAN } from "@/lib/plans/effective-plan";
import { isInGoodStanding } from "@/lib/plans/subscription-states";

/** What an org must be on to buy credits; the billing page and the pricing page say the same. */
export const CREDITS_RULE = "Credits can be bought on a paid plan, from the first day of its trial.";

/**
 * Credits are paid for in full when bought, so a paid plan's trial may buy them as well as a paying plan: nothing is
 * lent, and a trial is when a team finds out it needs more runs. Free, and a plan past due or ended, may not.
 */
export function canBuyCredits(status: string | null, planCode: string): boolean {
  return isInGoodStanding(status) && planCode !== FREE_PLAN;
}
