import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { subscribedOrg, setUpBillingStack } from "@/test/support/billing-stack";
import { makeUser } from "@/test/support/factories";
import { retryFailedEvents } from "./webhook-events";

const stack = setUpBillingStack();

describe("a webhook event that failed while Stripe could not be read", () => {
  it("is kept as failed after its attempts, and processes when an operator retries it once Stripe answers", async () => {
    const { org } = await subscribedOrg(stack());
    const sub = await vi.waitUntil(() => db.subscription.findFirst({ where: { orgId: org.id } }), { timeout: 10_000, interval: 20 });
    stack().emu.emulator.readFault.configure([`/v1/subscriptions/${sub.stripeSubscriptionId}`]);
    try {
      await stack().stripe.subscriptions.update(sub.stripeSubscriptionId, { metadata: { note: "changed during an incident" } });
      const failed = await vi.waitUntil(
        () =>
          db.stripeEvent.findFirst({
            where: { type: "customer.subscription.updated", customerId: sub.stripeCustomerId, status: "failed" },
          }),
        { timeout: 60_000, interval: 100 },
      );
      expect(failed).toMatchObject({ attempts: 3, lastError: expect.stringContaining("a fault set on the local Stripe") });
      stack().emu.emulator.readFault.configure([]);
      const operator = await makeUser();
      expect(await retryFailedEvents([failed.id], operator.id)).toEqual({ retried: [failed.id] });
      await vi.waitUntil(async () => (await db.stripeEvent.findUniqueOrThrow({ where: { id: failed.id } })).status === "processed", {
        timeout: 15_000,
        interval: 50,
      });
    } finally {
      stack().emu.emulator.readFault.configure([]);
    }
  }, 90_000);
});
