// The one vocabulary for Stripe subscription statuses. Every rule about "which statuses count" is named here.

/** Finished for good: Stripe will never bill or revive it. */
const ENDED = ["canceled", "incomplete_expired"] as const;
/** The plan is in full use: paid for, or on trial. */
const IN_GOOD_STANDING = ["trialing", "active"] as const;
/** Exists on Stripe and may still bill: a new Checkout for the same org would create a second one. */
const OPEN = ["active", "trialing", "past_due", "unpaid", "incomplete", "paused"] as const;
/** An admin may change, cancel or reactivate it from the billing page. */
const MANAGEABLE = ["active", "trialing", "past_due"] as const;
/** An add-on subscription that gives its effect (extra seats, a feature). */
const ADD_ON_GRANTING = ["active", "trialing", "past_due"] as const;
/** An add-on the org holds, or is paying for right now: buying it again is refused. */
const ADD_ON_HELD = ["active", "trialing", "past_due", "incomplete"] as const;
/** Counted as a live subscription in the platform's capacity figures. */
const LIVE = ["active", "trialing", "past_due"] as const;
/** Counted in recurring revenue: billed, paid or still being collected (a trial is not revenue yet). */
const EARNING = ["active", "past_due"] as const;

const has = (list: readonly string[]) => (status: string | null | undefined) => status != null && list.includes(status);

export const hasEnded = has(ENDED);
export const isInGoodStanding = has(IN_GOOD_STANDING);
export const isPastDue = (status: string | null | undefined) => status === "past_due";
export const isOpen = has(OPEN);
export const isManageable = has(MANAGEABLE);
export const isAddOnHeld = has(ADD_ON_HELD);

/** The same sets for database filters (`status: { in: … }`). */
export const OPEN_STATUSES: string[] = [...OPEN];
export const MANAGEABLE_STATUSES: string[] = [...MANAGEABLE];
export const ENDED_STATUSES: string[] = [...ENDED];
export const ADD_ON_GRANTING_STATUSES: string[] = [...ADD_ON_GRANTING];
export const ADD_ON_HELD_STATUSES: string[] = [...ADD_ON_HELD];
export const LIVE_STATUSES: string[] = [...LIVE];
export const EARNING_STATUSES: string[] = [...EARNING];
