// What the test tooling reads from the environment: values a runner shares with its workers, and the browser.
import { z } from "zod";

/** Raw lookup for test tooling that shares values between a runner and its workers. */
export function sharedTestValue(name: `TOLLGATE_TEST_${string}`): string | undefined {
  return process.env[name];
}

/** CHROMIUM_PATH: the Chromium the browser tests run in (unset: Playwright's own download, else one on the system). */
export function chromiumPathSetting(): string | undefined {
  return z.string().trim().min(1).optional().catch(undefined).parse(process.env.CHROMIUM_PATH);
}

/** TOLLGATE_TEST_METERED_DRILL_RUNS: how many runs the metered fault drill records (npm test: 20,000). */
export function meteredDrillRuns(): number {
  return z.coerce
    .number()
    .int()
    .min(1000)
    .max(1_000_000)
    .catch(20_000)
    .parse(process.env.TOLLGATE_TEST_METERED_DRILL_RUNS ?? 20_000);
}
