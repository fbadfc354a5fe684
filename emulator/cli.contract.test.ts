import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv } from "@/lib/env";
import { eventually, startReceiver, startTestEmulator, type TestEmulator } from "./test-support";

const run = promisify(execFile);
const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("@stripe/cli-linux-x64/package.json")), "bin", "stripe");

// Every event Tollgate handles, each through the CLI's own fixture (the calls `stripe trigger` makes).
const TRIGGERS = [
  "customer.created", "customer.updated", "checkout.session.completed",
  "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.trial_will_end",
  "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.updated", "invoice.voided",
  "payment_intent.created", "payment_intent.succeeded", "payment_intent.payment_failed",
  "charge.succeeded", "charge.failed", "charge.refunded", "charge.refund.updated",
];

let emu: TestEmulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
beforeAll(async () => {
  emu = await startTestEmulator();
  receiver = await startReceiver();
  secret = (await emu.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] })).secret!;
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

describe("the official Stripe CLI", () => {
  it.each(TRIGGERS)("triggers %s, which arrives signed at the endpoint", async (event) => {
    const { stdout, stderr } = await run(cli, ["trigger", event, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: childProcessEnv({ STRIPE_CLI_TELEMETRY_OPTOUT: "1" }),
      timeout: 60_000,
    });
    expect(`${stdout}${stderr}`).toContain("Trigger succeeded!");
    const arrived = await eventually(() =>
      receiver.received.map((r) => emu.stripe.webhooks.constructEvent(r.body, r.signature, secret)).find((e) => e.type === event),
    );
    expect(arrived.type).toBe(event);
  });
});
