import { randomInt } from "node:crypto";
import { onTestFailed } from "vitest";
import { sharedTestValue } from "@/test/support/test-settings";

/**
 * A reproducible random source for a test: the seed comes from TOLLGATE_TEST_SEED when set, else is drawn,
 * and is printed when the test fails, so the failing order can be replayed.
 */
export function seededRandom(): { seed: number; next: () => number; shuffled: <T>(items: T[]) => T[] } {
  const seed = Number(sharedTestValue("TOLLGATE_TEST_SEED") ?? randomInt(1, 2 ** 31));
  onTestFailed(() => console.error(`[seeded-random] replay with TOLLGATE_TEST_SEED=${seed}`));
  let state = seed >>> 0;
  // mulberry32: small, fast, good enough to shuffle test data.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = <T>(items: T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  return { seed, next, shuffled };
}
