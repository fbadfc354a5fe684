import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { childProcessEnv } from "@/lib/env";
import { useBillingStack } from "@/test/support/billing-stack";
import { HANDLERS } from "./handlers";

const run = promisify(execFile);
const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("@stripe/cli-linux-x64/package.json")), "bin", "stripe");
const stack = useBillingStack();

// The CLI has no fixture for these; the lifecycle tests produce them through test clocks and the API.
const NO_CLI_FIXTURE = new Set([
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.marked_uncollectible",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
]);
const TRIGGERED = Object.keys(HANDLERS).filter((type) => !NO_CLI_FIXTURE.has(type));

describe("events sent with `stripe trigger`", () => {
  it.each(TRIGGERED)("%s reaches the app's webhook and is processed without error", async (type) => {
    const { stdout, stderr } = await run(
      cli,
      ["trigger", type, "--api-base", stack().emu.url, "--api-key", "sk_test_tollgate_billing_tests"],
      {
        env: childProcessEnv({ STRIPE_CLI_TELEMETRY_OPTOUT: "1" }),
        timeout: 60_000,
      },
    );
    expect(`${stdout}${stderr}`).toContain("Trigger succeeded!");
    const event = await vi.waitUntil(
      async () => {
        const stored = await db.stripeEvent.findMany({ where: { type }, orderBy: { receivedAt: "desc" }, take: 1 });
        return stored[0]?.status === "processed" ? stored[0] : null;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(event.lastError).toBeNull();
    expect(await db.stripeEvent.count({ where: { status: "failed" } })).toBe(0);
  });
});
