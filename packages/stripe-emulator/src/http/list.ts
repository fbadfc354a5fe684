import { z } from "zod";
import { resourceMissing } from "./errors";
import { int, obj, str } from "./params";

export const paginationParams = {
  limit: int().pipe(z.number().min(1).max(100)).optional(),
  starting_after: str().optional(),
  ending_before: str().optional(),
};

type Page = { limit?: number; starting_after?: string; ending_before?: string };

/** A Stripe list object from items already in Stripe's order (newest first). */
/** One page of `items` as Stripe's list object; the page's objects are copies, so `items` may be the store's own. */
export function listObject<T extends { id: string }>(items: readonly T[], page: Page, url: string) {
  const limit = page.limit ?? 10;
  let start = 0;
  let end = items.length;
  if (page.starting_after) {
    const at = items.findIndex((i) => i.id === page.starting_after);
    if (at < 0) throw resourceMissing("object", page.starting_after, "starting_after");
    start = at + 1;
  }
  if (page.ending_before) {
    const at = items.findIndex((i) => i.id === page.ending_before);
    if (at < 0) throw resourceMissing("object", page.ending_before, "ending_before");
    end = at;
    start = Math.max(0, end - limit);
  }
  const data = structuredClone(items.slice(start, Math.min(end, start + limit))) as T[];
  const hasMore = page.ending_before ? start > 0 : start + limit < end;
  return { object: "list" as const, data, has_more: hasMore, url };
}

/** Stripe's `created` filter: a timestamp, or any of gt / gte / lt / lte. */
export const createdRange = z.union([
  int(),
  obj({ gt: int().optional(), gte: int().optional(), lt: int().optional(), lte: int().optional() }),
]);

export function inCreatedRange(value: number, r: z.infer<typeof createdRange> | undefined): boolean {
  if (r === undefined) return true;
  if (typeof r === "number") return value === r;
  return (
    (r.gt === undefined || value > r.gt) &&
    (r.gte === undefined || value >= r.gte) &&
    (r.lt === undefined || value < r.lt) &&
    (r.lte === undefined || value <= r.lte)
  );
}
