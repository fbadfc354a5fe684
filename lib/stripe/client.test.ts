import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportToEnv } from "@/scripts/lib/process-env";
import { STRIPE_API_VERSION, stripeClient } from "@/lib/stripe/client";
import { startTestEmulator, type TestEmulator } from "@tollgate/stripe-emulator/testing";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  exportToEnv({ STRIPE_API_BASE: emu.url, STRIPE_SECRET_KEY: "sk_test_tollgate_client_test" });
});
afterAll(() => emu.close());

describe("the app's Stripe client", () => {
  it("talks to the emulator named by STRIPE_API_BASE, and is the same instance every time", async () => {
    const client = stripeClient()!;
    expect(stripeClient()).toBe(client);
    const customer = await client.customers.create({ email: "client@example.test" });
    expect(((await emu.stripe.customers.retrieve(customer.id)) as { email: string }).email).toBe("client@example.test");
  });

  it("pins the API version the code is written against, whatever the account's default", () => {
    expect(stripeClient()!.getApiField("version")).toBe(STRIPE_API_VERSION);
    expect(STRIPE_API_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\w+$/);
  });
});
