/** Given `limit + 1` rows in order, the page of `limit`, whether more follow, and the cursor for the next page. */
export function keysetPage<T extends { id: string }>(rows: T[], limit: number) {
  const hasMore = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items, hasMore, nextBefore: hasMore ? (items.at(-1)?.id ?? null) : null };
}
