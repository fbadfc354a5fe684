/** Metadata that keeps the old plan until the end of the paid period after a downgrade at period end. */
export const KEEP_PLAN_KEY = "tollgate_keep_plan";
export const KEEP_UNTIL_KEY = "tollgate_keep_until";
