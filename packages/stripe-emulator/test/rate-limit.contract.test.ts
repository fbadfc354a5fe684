import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../src/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const faults = (body: object) => fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json());

describe("the rate-limit fault", () => {
  it("answers 429 with Stripe's rate_limit error past N requests in a second, which the SDK raises as StripeRateLimitError", async () => {
    await faults({ rateLimitPerSecond: 5 });
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => emu.stripe.customers.list({ limit: 1 })));
    const refused = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === "rejected")
      .map((o) => o.reason as Stripe.errors.StripeError);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const err of refused) expect(err).toMatchObject({ type: "StripeRateLimitError", statusCode: 429, code: "rate_limit" });
    expect(await (await fetch(`${emu.url}/_emulator/rate_limit`)).json()).toEqual({ perSecond: 5, maxAttemptedPerSecond: 8, refused: 3 });

    await faults({});
    const after = await Promise.all(Array.from({ length: 8 }, () => emu.stripe.customers.list({ limit: 1 })));
    expect(after).toHaveLength(8);
  });
});
