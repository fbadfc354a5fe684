import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { childProcessEnv } from "@/lib/env";
import { startReceiver, startTestEmulator, type TestEmulator } from "./test-support";

const run = promisify(execFile);
const cli = path.join(path.dirname(createRequire(import.meta.url).resolve("@stripe/cli-linux-x64/package.json")), "bin", "stripe");

// Every event Tollgate handles, each through the CLI's own fixture (the calls `stripe trigger` makes).
const TRIGGERS = [
  "customer.created",
  "customer.updated",
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.updated",
  "invoice.voided",
  "payment_intent.created",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.succeeded",
  "charge.failed",
  "charge.refunded",
  "charge.refund.updated",
  // Not handled by Tollgate, but fixtures that use parameters of older API versions (run under the account default).
  "customer.discount.created",
  "customer.discount.updated",
  "customer.discount.deleted",
  "customer.subscription.paused",
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
      env: childProcessEnv({ STRIPE_CLI_TELEMETRY_OPTOUT: "1", DO_NOT_TRACK: "1" }),
      timeout: 60_000,
    });
    expect(`${stdout}${stderr}`).toContain("Trigger succeeded!");
    const arrived = await vi.waitUntil(
      () => receiver.received.map((r) => emu.stripe.webhooks.constructEvent(r.body, r.signature, secret)).find((e) => e.type === event),
      { timeout: 5_000, interval: 20 },
    );
    expect(arrived.type).toBe(event);
  });

  it("resends an event with `stripe events resend`", async () => {
    const customer = await emu.stripe.customers.create({ email: "resend@example.test" });
    const event = (await emu.stripe.events.list({ type: "customer.created", limit: 5 })).data.find(
      (e) => (e.data.object as { id: string }).id === customer.id,
    )!;
    await vi.waitUntil(() => receiver.received.some((r) => JSON.parse(r.body).id === event.id), { timeout: 5_000, interval: 20 });
    const before = receiver.received.filter((r) => JSON.parse(r.body).id === event.id).length;
    // The CLI exits 0 even when the API refuses, so its output is checked too.
    const { stdout } = await run(cli, ["events", "resend", event.id, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: childProcessEnv({ STRIPE_CLI_TELEMETRY_OPTOUT: "1", DO_NOT_TRACK: "1" }),
      timeout: 60_000,
    });
    expect(stdout).not.toContain('"error"');
    expect(JSON.parse(stdout).id).toBe(event.id);
    await vi.waitUntil(() => receiver.received.filter((r) => JSON.parse(r.body).id === event.id).length === before + 1, {
      timeout: 5_000,
      interval: 20,
    });
  });

  it("runs a fixture file with `stripe fixtures`", async () => {
    const email = `fixture-${Date.now()}@example.test`;
    const file = `${mkdtempSync(`${os.tmpdir()}/tollgate-fixture-`)}/fixture.json`;
    writeFileSync(
      file,
      JSON.stringify({
        _meta: { template_version: 0 },
        fixtures: [
          { name: "customer", path: "/v1/customers", method: "post", params: { email } },
          { name: "updated", path: "/v1/customers/${customer:id}", method: "post", params: { name: "From a fixture" } },
        ],
      }),
    );
    await run(cli, ["fixtures", file, "--api-base", emu.url, "--api-key", "sk_test_tollgate_cli_contract"], {
      env: childProcessEnv({ STRIPE_CLI_TELEMETRY_OPTOUT: "1", DO_NOT_TRACK: "1" }),
      timeout: 60_000,
    });
    const found = await emu.stripe.customers.list({ email });
    expect(found.data[0]).toMatchObject({ email, name: "From a fixture" });
  });
});
