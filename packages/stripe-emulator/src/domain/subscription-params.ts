import { z } from "zod";
import { bool, currency, emptyable, int, list, metadata, obj, str } from "../http/params";

// What the subscription methods take: the request schemas, which also type the domain's inputs.
const itemParam = obj({
  id: str().optional(),
  price: str().optional(),
  quantity: int().optional(),
  deleted: bool().optional(),
  metadata: metadata().optional(),
  clear_usage: bool().optional(),
});
/** Creating a subscription names new items only; updates may name existing ones (id, deleted, clear_usage). */
const newItemParam = itemParam.omit({ id: true, deleted: true, clear_usage: true });
/** What happens when an update's payment does not succeed at once. */
export const paymentBehaviorParam = z.enum(["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"]);
export const discountParam = obj({ coupon: str().optional(), promotion_code: str().optional(), discount: str().optional() });
const common = {
  metadata: metadata().optional(),
  default_payment_method: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  payment_behavior: paymentBehaviorParam.optional(),
  proration_behavior: z.enum(["create_prorations", "none", "always_invoice"]).optional(),
  off_session: bool().optional(),
  cancel_at_period_end: bool().optional(),
  discounts: emptyable(list(discountParam)).optional(),
  coupon: str().optional(),
  promotion_code: str().optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  days_until_due: int().optional(),
  expand: z.unknown().optional(),
  trial_settings: obj({ end_behavior: obj({ missing_payment_method: z.enum(["cancel", "create_invoice", "pause"]) }) }).optional(),
};
export const createSubscriptionParams = obj({
  ...common,
  customer: str(),
  items: list(newItemParam),
  trial_period_days: int().optional(),
  trial_end: z.union([z.literal("now"), int()]).optional(),
  trial_from_plan: bool().optional(),
  currency: currency().optional(),
  billing_cycle_anchor: int().optional(),
  backdate_start_date: int().optional(),
});
export const updateSubscriptionParams = obj({
  ...common,
  items: list(itemParam).optional(),
  trial_end: z.union([z.literal("now"), int()]).optional(),
  proration_date: int().optional(),
  billing_cycle_anchor: z.enum(["now", "unchanged"]).optional(),
  cancel_at: emptyable(int()).optional(),
  cancellation_details: obj({ comment: emptyable(str()).optional(), feedback: emptyable(str()).optional() }).optional(),
});
