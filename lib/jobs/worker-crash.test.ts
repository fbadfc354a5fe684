import path from "node:path";
import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { isHandled } from "@/lib/webhooks/handlers";
import { childProcessEnv } from "@/scripts/lib/process-env";
import { startManaged, type Managed } from "@/scripts/lib/processes";
import { signedDelivery, setUpBillingStack } from "@/test/support/billing-stack";
import { makeOrg, makeUser } from "@/test/support/factories";

const root = path.resolve(import.meta.dirname, "..", "..");
const stack = setUpBillingStack({ deliver: false, worker: false });

function startWorkerProcess(): Managed {
  return startManaged(
    "worker",
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", path.join(root, "scripts/worker.ts")],
    {
      env: childProcessEnv({ WORKER_ID: "crash-test", WORKER_CONCURRENCY: "2" }),
      quiet: true,
    },
  );
}

describe("the job worker", () => {
  it("loses nothing when killed mid-batch: a restart releases the jobs it held and finishes them, once each", async () => {
    const team = await db.plan.findUniqueOrThrow({ where: { code: "team" } });
    const orgs: string[] = [];
    for (let i = 0; i < 12; i++) {
      const org = await makeOrg([[await makeUser(), "owner"]]);
      const customer = await stack().stripe.customers.create({ metadata: { orgId: org.id } });
      await db.organization.update({ where: { id: org.id }, data: { stripeCustomerId: customer.id } });
      const card = await stack().stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
      await stack().stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: team.stripeMonthlyPriceId! }],
        default_payment_method: card.id,
      });
      orgs.push(org.id);
    }
    const events: Stripe.Event[] = await stack().stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    for (const event of events.reverse()) expect((await signedDelivery(stack(), JSON.stringify(event))).status).toBe(200);
    const total = events.length;
    const toProcess = events.filter((e) => isHandled(e.type)).length;
    expect(await db.stripeEvent.count()).toBe(total);
    expect(await db.stripeEvent.count({ where: { status: "pending" } })).toBe(toProcess);

    const first = startWorkerProcess();
    // Events the worker processed carry their attempt count; those stored as needing no work have none.
    const workedOn = () => db.stripeEvent.count({ where: { status: "processed", attempts: { gt: 0 } } });
    await vi.waitUntil(async () => (await workedOn()) >= 10, { timeout: 30_000, interval: 20 });
    process.kill(-first.child.pid!, "SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(await workedOn()).toBeLessThan(toProcess);

    const second = startWorkerProcess();
    try {
      await vi.waitUntil(async () => (await workedOn()) === toProcess, { timeout: 60_000, interval: 20 });
      await vi.waitUntil(
        async () => (await db.$queryRaw<{ n: number }[]>`select count(*)::int as n from graphile_worker.jobs`)[0]!.n === 0,
        { timeout: 10_000, interval: 20 },
      );
    } finally {
      await second.stop();
    }
    expect(await db.stripeEvent.count({ where: { status: { not: "processed" } } })).toBe(0);
    for (const orgId of orgs) {
      expect(
        await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { planCode: true, subscriptionStatus: true } }),
      ).toEqual({ planCode: "team", subscriptionStatus: "active" });
      expect(await db.billingAuditEntry.count({ where: { orgId, action: "subscription.created" } })).toBe(1);
      expect(await db.invoice.count({ where: { orgId, status: "paid" } })).toBe(1);
    }
  }, 120_000);
});
